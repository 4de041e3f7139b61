"""Expected outputs for snippets/alibi/alibi.ts.

Slopes: a closed form computed in torch (P = largest power of two <= n; 2^(-8k/P), k = 1..P, then
2^(-4(2k-1)/P), k = 1..n-P), asserted equal to three independent codes: the official get_slopes
(ofirpress/attention_with_linear_biases, fairseq/models/transformer.py, copied as plain Python),
Hugging Face BLOOM's build_alibi_tensor slope logic and MosaicML llm-foundry's gen_slopes (both
re-typed in torch). Bias: -m (i - j) written with torch.tril/masked_fill, and checked against the
official code's construction (slopes * arange(L) + triu(-inf)) after softmax.
Attention: scaled_dot_product_attention with attn_mask = the bias (a float mask); the weights come from
the same operator with value = identity. torch >= 2.0 has F.scaled_dot_product_attention; torch 1.13
(Debian's python3-torch) only the private F._scaled_dot_product_attention, which adds a float mask in
the same way. Which one ran is recorded in notes.sdpa_impl.
Run: bash scripts/gen-reference.sh alibi
"""

import math

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference

NEG_INF = float("-inf")


# ---- slopes --------------------------------------------------------------------------------------
def slopes_closed_form(n):
    p = 2 ** math.floor(math.log2(n))
    k = torch.arange(1, p + 1, dtype=F64)
    head = torch.pow(torch.tensor(2.0, dtype=F64), -8.0 * k / p)
    extra_k = torch.arange(1, n - p + 1, dtype=F64)
    extra = torch.pow(torch.tensor(2.0, dtype=F64), -4.0 * (2 * extra_k - 1) / p)
    return torch.cat([head, extra])


def get_slopes_official(n):  # fairseq/models/transformer.py, ofirpress/attention_with_linear_biases
    def get_slopes_power_of_2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        ratio = start
        return [start * ratio**i for i in range(n)]

    if math.log2(n).is_integer():
        return get_slopes_power_of_2(n)
    closest_power_of_2 = 2 ** math.floor(math.log2(n))
    return get_slopes_power_of_2(closest_power_of_2) + get_slopes_official(2 * closest_power_of_2)[0::2][: n - closest_power_of_2]


def slopes_bloom_hf(n_head):  # transformers/models/bloom/modeling_bloom.py, build_alibi_tensor
    closest_power_of_2 = 2 ** math.floor(math.log2(n_head))
    base = torch.tensor(2 ** (-(2 ** -(math.log2(closest_power_of_2) - 3))), dtype=F64)
    slopes = torch.pow(base, torch.arange(1, 1 + closest_power_of_2, dtype=torch.int32))
    if closest_power_of_2 != n_head:
        extra_base = torch.tensor(2 ** (-(2 ** -(math.log2(2 * closest_power_of_2) - 3))), dtype=F64)
        num_remaining = min(closest_power_of_2, n_head - closest_power_of_2)
        extra_powers = torch.arange(1, 1 + 2 * num_remaining, 2, dtype=torch.int32)
        slopes = torch.cat([slopes, torch.pow(extra_base, extra_powers)])
    return slopes


def slopes_mpt(n_heads, alibi_bias_max=8):  # llm-foundry, llmfoundry/models/layers/attention.py, gen_slopes
    _n_heads = 2 ** math.ceil(math.log2(n_heads))
    m = torch.arange(1, _n_heads + 1, dtype=F64) * (alibi_bias_max / _n_heads)
    slopes = 1.0 / torch.pow(2, m)
    if _n_heads != n_heads:
        slopes = torch.cat([slopes[1::2], slopes[::2]])[:n_heads]
    return slopes


for n in list(range(1, 65)) + [80, 96, 112, 128]:
    closed = slopes_closed_form(n)
    for name, other in [
        ("official get_slopes", torch.tensor(get_slopes_official(n), dtype=F64)),
        ("BLOOM build_alibi_tensor", slopes_bloom_hf(n)),
        ("MPT gen_slopes", slopes_mpt(n)),
    ]:
        assert torch.allclose(closed, other, rtol=1e-12, atol=0), (n, name, closed, other)


# ---- bias ----------------------------------------------------------------------------------------
def bias_matrix(n_heads, seq_len):
    pos = torch.arange(seq_len, dtype=F64)
    distance = pos[:, None] - pos[None, :]  # i - j
    linear = -slopes_closed_form(n_heads)[:, None, None] * torch.tril(distance)
    future = torch.ones(seq_len, seq_len, dtype=torch.bool).triu(1)
    return linear.masked_fill(future, NEG_INF)


def bias_official_style(n_heads, seq_len):  # fairseq: slopes * arange(maxpos) + triu(-inf), all rows equal
    alibi = slopes_closed_form(n_heads)[:, None, None] * torch.arange(seq_len, dtype=F64)[None, None, :]
    future_mask = torch.triu(torch.full((seq_len, seq_len), NEG_INF, dtype=F64), 1)
    return future_mask[None] + alibi


if hasattr(F, "scaled_dot_product_attention"):
    SDPA_IMPL = "torch.nn.functional.scaled_dot_product_attention"

    def sdpa(q, k, v, mask):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
else:
    SDPA_IMPL = f"torch.nn.functional._scaled_dot_product_attention (torch {torch.__version__})"

    def sdpa(q, k, v, mask):
        return F._scaled_dot_product_attention(q, k, v, attn_mask=mask)[0]


def weights(q, k, mask):
    eye = torch.eye(k.shape[-2], dtype=F64).expand(q.shape[0], -1, -1).contiguous()
    return sdpa(q, k, eye, mask)


# the m*j trick gives the same attention weights as -m(i-j) (softmax ignores a per-row constant)
_q = torch.randn(6, 7, 4, generator=torch.Generator().manual_seed(1), dtype=F64)
assert torch.allclose(weights(_q, _q, bias_matrix(6, 7)), weights(_q, _q, bias_official_style(6, 7)), atol=1e-12)

# bf16 and the m*j row (alibi-bias.mdx): with m = 1/2, 0.5*j for j = 2044..2047 all round to 1024 in bf16,
# so the last four keys of query 2047 get the same bias; the -m(i-j) values near the diagonal stay exact.
_row = (0.5 * torch.arange(2040, 2048, dtype=torch.float32)).to(torch.bfloat16).tolist()
assert _row == [1020.0] * 4 + [1024.0] * 4, _row
assert (-0.5 * torch.arange(0, 8, dtype=torch.float32)).to(torch.bfloat16).tolist() == [-0.5 * d for d in range(8)]

# ---- test inputs: 6 heads (not a power of two), 5 positions, d = 4 -----------------------------------
g = torch.Generator().manual_seed(2108_12409)
H, L, D = 6, 5, 4
q = rounded_inputs(torch.randn(H, L, D, generator=g, dtype=F64))
k = rounded_inputs(torch.randn(H, L, D, generator=g, dtype=F64))
v = rounded_inputs(torch.randn(H, L, D, generator=g, dtype=F64))
bias_6_5 = bias_matrix(H, L)

# ---- main(): the literal inputs in alibi.ts ---------------------------------------------------------
MH, ML = 8, 8
main_bias = bias_matrix(MH, ML)
zeros = torch.zeros(MH, ML, 4, dtype=F64)
main_weights = weights(zeros, zeros, main_bias)

write_reference(
    __file__,
    # float32 vs float64 measured on cpu/wasm (SNIPPETS_REPORT_ERROR=1): max abs error 5.4e-7 (attention output)
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"q": q, "k": k, "v": v},
    cases={
        "slopes_8": slopes_closed_form(8),
        "slopes_12": slopes_closed_form(12),
        "slopes_40": slopes_closed_form(40),
        "slopes_112": slopes_closed_form(112),
        "bias_6_5": bias_6_5,
        "bias_shifted_6_5": bias_official_style(H, L),
        "weights_6_5": weights(q, k, bias_6_5),
        "attention_6_5": sdpa(q, k, v, bias_6_5),
    },
    main={
        "alibi": {
            "偏置矩阵，头 1（m = 1/2）": main_bias[0],
            "注意力权重，头 1（q = k = 0）": main_weights[0],
            "最后一个 query 的权重，m = 1/2": main_weights[0, ML - 1],
            "最后一个 query 的权重，m = 1/256": main_weights[MH - 1, ML - 1],
        }
    },
    notes={"sdpa_impl": SDPA_IMPL, "mask": "upper triangle (j > i) is -Infinity"},
)
