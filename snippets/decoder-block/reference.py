"""Expected outputs for snippets/decoder-block/decoder-block.ts.

Oracles, all independent of the TypeScript (which reuses rmsNorm, applyRope and ffnSwiglu from other topics):
- RMSNorm: torch.nn.functional.rms_norm when this torch has it (torch >= 2.4), else the LLaMA formula
  x * torch.rsqrt(x.pow(2).mean(-1) + eps) * g. Which one ran is in notes.rms_norm_impl.
- RoPE: Meta LLaMA's complex form: torch.polar(1, m * theta_i) times torch.view_as_complex of adjacent pairs.
- Causal attention: torch.nn.functional.scaled_dot_product_attention(is_causal=True) (the private
  _scaled_dot_product_attention of torch 1.13 when the public one is absent), with K and V expanded
  to the query heads by repeat_interleave (query head h reads KV head h // (n_heads / n_kv_heads)).
- SwiGLU: F.silu(x W1) * (x W3), then W2, via F.linear.
- Parameter counts: sum of p.numel() over a torch nn.Module built with the same shapes on the meta
  device (no memory), including Llama 3 8B (sku_list: dim 4096, 32 layers, 32/8 heads, ffn 14336, vocab 128256).
float64 throughout. Run: bash scripts/gen-reference.sh decoder-block
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference

if hasattr(F, "rms_norm"):
    RMS_IMPL = "torch.nn.functional.rms_norm"

    def rms_norm(x, g, eps):
        return F.rms_norm(x, (x.shape[-1],), g, eps)
else:
    RMS_IMPL = f"manual LLaMA formula (torch {torch.__version__} has no F.rms_norm)"

    def rms_norm(x, g, eps):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g


if hasattr(F, "scaled_dot_product_attention"):
    SDPA_IMPL = "torch.nn.functional.scaled_dot_product_attention(is_causal=True)"

    def causal_sdpa(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
else:
    SDPA_IMPL = f"torch.nn.functional._scaled_dot_product_attention(is_causal=True) (torch {torch.__version__})"

    def causal_sdpa(q, k, v):
        return F._scaled_dot_product_attention(q, k, v, None, 0.0, False, True)[0]


def rope_complex(x, positions, base):
    """x: [heads, T, dHead]; Meta LLaMA's apply_rotary_emb: adjacent pairs as complex numbers."""
    d_head = x.shape[-1]
    theta = 1.0 / (base ** (torch.arange(0, d_head, 2, dtype=F64) / d_head))
    freqs_cis = torch.polar(torch.ones(len(positions), d_head // 2, dtype=F64), torch.outer(positions, theta))
    xc = torch.view_as_complex(x.reshape(*x.shape[:-1], d_head // 2, 2).contiguous())
    return torch.view_as_real(xc * freqs_cis).reshape(x.shape)


def attention(xn, w, cfg, positions):
    T = xn.shape[0]
    nh, nkv, dh = cfg["nHeads"], cfg["nKvHeads"], cfg["dHead"]
    q = F.linear(xn, w["wq"].T).reshape(T, nh, dh).transpose(0, 1)  # [nh, T, dh]
    k = F.linear(xn, w["wk"].T).reshape(T, nkv, dh).transpose(0, 1)
    v = F.linear(xn, w["wv"].T).reshape(T, nkv, dh).transpose(0, 1)
    q, k = rope_complex(q, positions, cfg["ropeBase"]), rope_complex(k, positions, cfg["ropeBase"])
    k, v = k.repeat_interleave(nh // nkv, dim=0), v.repeat_interleave(nh // nkv, dim=0)
    out = causal_sdpa(q.unsqueeze(0), k.unsqueeze(0), v.unsqueeze(0))[0]  # [nh, T, dh]
    # attention weights, written out (sdpa does not return them in every torch version)
    scores = q @ k.transpose(-1, -2) / math.sqrt(dh)
    scores = scores.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
    probs = torch.softmax(scores, dim=-1)
    return F.linear(out.transpose(0, 1).reshape(T, nh * dh), w["wo"].T), probs


def block(x, w, cfg, positions):
    out, _ = attention(rms_norm(x, w["attnNorm"], cfg["eps"]), w, cfg, positions)
    h = x + out
    hn = rms_norm(h, w["ffnNorm"], cfg["eps"])
    return h + F.linear(F.silu(F.linear(hn, w["w1"].T)) * F.linear(hn, w["w3"].T), w["w2"].T)


class TorchBlock(nn.Module):
    """Same shapes as a LLaMA decoder layer (HF LlamaDecoderLayer), for counting parameters only."""

    def __init__(self, d, nh, nkv, dh, dff):
        super().__init__()
        lin = lambda i, o: nn.Linear(i, o, bias=False, device="meta")  # noqa: E731
        self.q, self.k, self.v, self.o = lin(d, nh * dh), lin(d, nkv * dh), lin(d, nkv * dh), lin(nh * dh, d)
        self.gate, self.up, self.down = lin(d, dff), lin(d, dff), lin(dff, d)
        self.norm1 = nn.Parameter(torch.empty(d, device="meta"))
        self.norm2 = nn.Parameter(torch.empty(d, device="meta"))


def count(module):
    return sum(p.numel() for p in module.parameters())


def model_count(d, nh, nkv, dh, dff, layers, vocab, tied):
    layer = count(TorchBlock(d, nh, nkv, dh, dff))
    emb = count(nn.Embedding(vocab, d, device="meta"))
    head = 0 if tied else count(nn.Linear(d, vocab, bias=False, device="meta"))
    return layers * layer + emb + head + d  # + the final RMSNorm


TOY = {"d": 16, "nHeads": 4, "nKvHeads": 2, "dHead": 4, "dFf": 48, "ropeBase": 10000, "eps": 1e-5}
SHAPES = ["d", "nHeads", "nKvHeads", "dHead", "dFf"]

# --- inputs for the tests: random weights (not the formula main() uses)
g = torch.Generator().manual_seed(2305_13245)
d, nh, nkv, dh, dff, T = 16, 4, 2, 4, 48, 6
rand = lambda *shape, scale=1.0: rounded_inputs(scale * torch.randn(*shape, generator=g, dtype=F64))  # noqa: E731
weights = {
    "attnNorm": rounded_inputs(1 + 0.1 * torch.randn(d, generator=g, dtype=F64)),
    "wq": rand(d, nh * dh, scale=3 / d**0.5),
    "wk": rand(d, nkv * dh, scale=1 / d**0.5),
    "wv": rand(d, nkv * dh, scale=1 / d**0.5),
    "wo": rand(nh * dh, d, scale=1 / (nh * dh) ** 0.5),
    "ffnNorm": rounded_inputs(1 + 0.1 * torch.randn(d, generator=g, dtype=F64)),
    "w1": rand(d, dff, scale=1 / d**0.5),
    "w3": rand(d, dff, scale=1 / d**0.5),
    "w2": rand(dff, d, scale=1 / dff**0.5),
}
x = rand(T, d, scale=2.0)
pos0 = torch.arange(T, dtype=F64)
pos100 = pos0 + 100  # shifted positions: exercises RoPE
attn_out, attn_probs = attention(rms_norm(x, weights["attnNorm"], TOY["eps"]), weights, TOY, pos0)
# a config with one KV head (MQA) and one with 4 (MHA), reusing the first columns of wk / wv
mqa_w = dict(weights, wk=weights["wk"][:, :dh], wv=weights["wv"][:, :dh])
mqa_cfg = dict(TOY, nKvHeads=1)


# --- main(): the deterministic sin weights of decoder-block.ts
def toy_matrix(rows, cols, seed, scale=1.0):
    i = torch.arange(rows, dtype=F64).unsqueeze(1)
    j = torch.arange(cols, dtype=F64).unsqueeze(0)
    return scale * torch.sin(seed + 0.7 * i + 1.3 * j + 0.1 * i * j) / math.sqrt(rows)


gain = lambda s: 1 + 0.1 * torch.cos(s + torch.arange(d, dtype=F64))  # noqa: E731
main_w = {
    "attnNorm": gain(1), "wq": toy_matrix(d, nh * dh, 2, 3), "wk": toy_matrix(d, nkv * dh, 3),
    "wv": toy_matrix(d, nkv * dh, 4), "wo": toy_matrix(nh * dh, d, 5), "ffnNorm": gain(6),
    "w1": toy_matrix(d, dff, 7), "w3": toy_matrix(d, dff, 8), "w2": toy_matrix(dff, d, 9),
}  # fmt: skip
main_x = toy_matrix(T, d, 10, 4)
main_y = block(main_x, main_w, TOY, pos0)
_, main_probs = attention(rms_norm(main_x, main_w["attnNorm"], TOY["eps"]), main_w, TOY, pos0)

LLAMA3_8B = (4096, 32, 8, 128, 14336)
llama_layer = TorchBlock(*LLAMA3_8B)
llama_parts = [count(m) for m in (llama_layer.q, llama_layer.k, llama_layer.v, llama_layer.o,
                                  llama_layer.gate, llama_layer.up, llama_layer.down)]  # fmt: skip
llama_parts.append(llama_layer.norm1.numel() + llama_layer.norm2.numel())

write_reference(
    __file__,
    # float32 vs float64, measured on cpu/wasm: max abs error about 1e-6 on outputs of size ~3
    tolerance={"atol": 2e-5, "rtol": 2e-5},
    inputs={"x": x, **{f"w_{k}": v for k, v in weights.items()}},
    cases={
        "block_pos0": block(x, weights, TOY, pos0),
        "block_pos100": block(x, weights, TOY, pos100),
        "attention_out": attn_out,
        "attention_probs": attn_probs,
        "block_mqa": block(x, mqa_w, mqa_cfg, pos0),
        "params_toy": count(TorchBlock(16, 4, 2, 4, 48)),
        "params_llama3_8b_block": count(llama_layer),
        "params_llama3_8b_model": model_count(*LLAMA3_8B, 32, 128256, False),
        "params_tied_small": model_count(2048, 32, 8, 64, 8192, 16, 128256, True),  # Llama 3.2 1B shapes
    },
    main={
        "decoder-block": {
            "注意力权重（query 头 0，因果掩码）": main_probs[0],
            "块输出 y（6 个 token × 16 维）": main_y,
            "Llama 3 8B 一个块的参数（百万）": [round(p / 1e4) / 100 for p in llama_parts],
        }
    },
    notes={"rms_norm_impl": RMS_IMPL, "sdpa_impl": SDPA_IMPL},
)
