"""Expected outputs for snippets/attention-mask/masks.ts.

Masks: the prefix-LM visibility is built the way ChatGLM-6B's get_masks builds it (ones, tril_, then
every row's first context_length columns set to 1; THUDM/chatglm-6b modeling_chatglm.py), and the
causal one with is_causal=True of scaled dot-product attention; the TypeScript builds both from index
comparisons (j <= i, j < P) instead. Attention: torch's scaled_dot_product_attention with the boolean
mask as attn_mask (True = may attend); weights from the same operator with value = identity.
torch >= 2.0 has F.scaled_dot_product_attention; torch 1.13 (Debian's python3-torch) only the private
F._scaled_dot_product_attention, which takes the same arguments and returns (output, weights).
Loss mask: from Hugging Face style labels (prompt tokens set to -100, then shifted by one).
Run: bash scripts/gen-reference.sh attention-mask
"""

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference

if hasattr(F, "scaled_dot_product_attention"):
    SDPA_IMPL = "torch.nn.functional.scaled_dot_product_attention"

    def sdpa(q, k, v, mask=None, is_causal=False):
        return F.scaled_dot_product_attention(q[None], k[None], v[None], attn_mask=mask, is_causal=is_causal)[0]
else:
    SDPA_IMPL = f"torch.nn.functional._scaled_dot_product_attention (torch {torch.__version__})"

    def sdpa(q, k, v, mask=None, is_causal=False):
        return F._scaled_dot_product_attention(q[None], k[None], v[None], attn_mask=mask, is_causal=is_causal)[0][0]


def chatglm_visibility(seq_len, context_length):
    """THUDM/chatglm-6b get_masks, one sample: 1 = may attend."""
    m = torch.ones(seq_len, seq_len, dtype=F64)
    m.tril_()
    m[:, :context_length] = 1
    return m


def additive(vis):
    return torch.zeros_like(vis).masked_fill(vis < 0.5, float("-inf"))


def sdpa_w(q, mask, is_causal, k=None):
    k = q if k is None else k
    return sdpa(q, k, torch.eye(k.shape[0], dtype=F64), mask, is_causal)


def loss_mask(seq_len, prefix_len):
    labels = torch.arange(seq_len)  # stand-in token ids
    labels[:prefix_len] = -100  # the prompt (prefix) is not a target
    shifted = labels[1:]  # position i predicts token i + 1
    return (shifted != -100).to(F64)


# is_causal=True equals the explicit lower-triangular mask
_x = torch.randn(7, 4, generator=torch.Generator().manual_seed(1), dtype=F64)
assert torch.allclose(sdpa(_x, _x, _x, is_causal=True), sdpa(_x, _x, _x, chatglm_visibility(7, 0) > 0.5), atol=1e-12)
# a prefix of length 0 or 1 is the causal mask; a prefix of the whole sequence is full attention
assert torch.equal(chatglm_visibility(7, 1), chatglm_visibility(7, 0))
assert torch.equal(chatglm_visibility(7, 7), torch.ones(7, 7, dtype=F64))

# ---- test inputs: L = 5, prefix 2, d = 4 ---------------------------------------------------------
g = torch.Generator().manual_seed(1905_03197)
L, P, D = 5, 2, 4
q = rounded_inputs(torch.randn(L, D, generator=g, dtype=F64))
k = rounded_inputs(torch.randn(L, D, generator=g, dtype=F64))
v = rounded_inputs(torch.randn(L, D, generator=g, dtype=F64))
vis_p = chatglm_visibility(L, P) > 0.5

# ---- main(): the literal inputs in masks.ts --------------------------------------------------------
ML, MP, MD = 6, 3, 4
i = torch.arange(ML, dtype=F64)[:, None]
c = torch.arange(MD, dtype=F64)[None, :]
x = torch.sin(0.9 * i + 1.7 * c + 0.3)
mvis_p = chatglm_visibility(ML, MP) > 0.5
h1c = sdpa(x, x, x, is_causal=True)
h1p = sdpa(x, x, x, mvis_p)
h2c = sdpa(h1c, h1c, h1c, is_causal=True)
h2p = sdpa(h1p, h1p, h1p, mvis_p)
# one layer: rows P-1 .. L-1 see the same keys under both masks, so only rows 0 .. P-2 differ
d1 = (h1c - h1p).norm(dim=-1)
assert torch.all(d1[MP - 1 :] == 0) and torch.all(d1[: MP - 1] > 0.1), d1
d2 = (h2c - h2p).norm(dim=-1)
assert torch.all(d2 > 0.1), d2

write_reference(
    __file__,
    # float32 vs float64 on cpu/wasm: softmax of 6 scores, errors of order 1e-7
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"q": q, "k": k, "v": v},
    cases={
        "causal_5": additive(chatglm_visibility(L, 0)),
        "prefix_5_2": additive(chatglm_visibility(L, P)),
        "weights_prefix": sdpa_w(q, vis_p, False, k),
        "weights_causal": sdpa_w(q, None, True, k),
        "out_prefix": sdpa(q, k, v, vis_p),
        "out_causal": sdpa(q, k, v, is_causal=True),
        "loss_5_2": loss_mask(L, P),
        "loss_5_0": loss_mask(L, 0),
    },
    main={
        "masks": {
            "因果掩码：第 i 行能看到的列（1 = 可见）": chatglm_visibility(ML, 0),
            "前缀 LM 掩码，前缀长 3（1 = 可见）": chatglm_visibility(ML, MP),
            "前缀 LM 的注意力权重（第 1 层）": sdpa_w(x, mvis_p, False),
            "第 1 层输出之差 ‖Δh_i‖": d1,
            "第 2 层输出之差 ‖Δh_i‖": d2,
            "损失掩码：因果 LM": loss_mask(ML, 0),
            "损失掩码：前缀 LM": loss_mask(ML, MP),
        }
    },
    notes={"sdpa_impl": SDPA_IMPL, "mask": "visible iff j <= i or j < prefix_len"},
)
