"""Expected outputs for snippets/roofline/roofline.ts.

Independent of the TypeScript: a LLaMA-style decoder is built from torch.nn modules and run forward
(on the meta device for the real presets, so nothing is allocated); forward hooks on every nn.Linear
count 2 * (rows of the input) * in_features * out_features FLOPs from the shapes actually seen, and
the attention matmuls q @ k^T and p @ v are counted from the shapes of the tensors the reference
attention multiplies (grouped-query heads expanded with expand + reshape, as Hugging Face's repeat_kv
does). Bytes are element_size() * nelement() of the weights that take part in matmuls and of
the KV cache tensors. The roofline is torch.minimum(peak, intensity * bandwidth).
Run: bash scripts/gen-reference.sh roofline
"""

import torch
import torch.nn as nn

from refio import F64, write_reference

CONFIGS = {
    "llama_7b": dict(num_hidden_layers=32, hidden_size=4096, num_attention_heads=32, num_key_value_heads=32,
                     intermediate_size=11008, vocab_size=32000),
    "llama3_8b": dict(num_hidden_layers=32, hidden_size=4096, num_attention_heads=32, num_key_value_heads=8,
                      intermediate_size=14336, vocab_size=128256),
}
H100 = dict(peak=989.4e12, bandwidth=3.35e12)  # dense BF16: NVIDIA H100 architecture whitepaper, Table 1; bandwidth: datasheet
BANDWIDTH = {"H100 SXM": 3.35e12, "Apple M4 Max": 546e9, "DDR5": 89.6e9}


class Counter:
    flops = 0


class Layer(nn.Module):
    def __init__(self, cfg, counter, device):
        super().__init__()
        h, nh, nkv, f = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["intermediate_size"]
        self.nh, self.nkv, self.hd, self.counter = nh, nkv, h // nh, counter
        lin = lambda i, o: nn.Linear(i, o, bias=False, device=device, dtype=torch.float16)
        self.q, self.k, self.v, self.o = lin(h, nh * self.hd), lin(h, nkv * self.hd), lin(h, nkv * self.hd), lin(nh * self.hd, h)
        self.gate, self.up, self.down = lin(h, f), lin(h, f), lin(f, h)

    def attend(self, q, k, v, causal):
        # q: [b, nh, s, hd]; k, v: [b, nkv, t, hd] -> expand KV heads to nh (grouped-query attention)
        rep = self.nh // self.nkv
        expand = lambda t: t[:, :, None].expand(t.shape[0], self.nkv, rep, *t.shape[2:]).reshape(t.shape[0], self.nh, *t.shape[2:])
        k, v = expand(k), expand(v)  # Hugging Face repeat_kv
        b, nh, s, hd = q.shape
        t = k.shape[2]
        if causal:  # prefill: token i sees i keys (1-based); count only the unmasked products
            self.counter.flops += 2 * 2 * b * nh * hd * (s * (s + 1) // 2)
        else:
            self.counter.flops += 2 * b * nh * s * t * hd + 2 * b * nh * s * t * hd  # q k^T, then p v
        scores = q @ k.transpose(-1, -2)
        return scores.softmax(-1) @ v

    def forward(self, x, past_k, past_v, causal):
        b, s, _ = x.shape
        q = self.q(x).view(b, s, self.nh, self.hd).transpose(1, 2)
        k = torch.cat([past_k, self.k(x).view(b, s, self.nkv, self.hd).transpose(1, 2)], dim=2)
        v = torch.cat([past_v, self.v(x).view(b, s, self.nkv, self.hd).transpose(1, 2)], dim=2)
        a = self.attend(q, k, v, causal).transpose(1, 2).reshape(b, s, -1)
        x = x + self.o(a)
        return x + self.down(torch.nn.functional.silu(self.gate(x)) * self.up(x)), k, v


def work(cfg, batch, ctx, new_tokens, causal, device="meta"):
    """FLOPs and bytes of one forward over new_tokens per sequence with ctx cached tokens."""
    counter = Counter()
    layers = [Layer(cfg, counter, device) for _ in range(cfg["num_hidden_layers"])]
    lm_head = nn.Linear(cfg["hidden_size"], cfg["vocab_size"], bias=False, device=device, dtype=torch.float16)

    def hook(mod, inp, out):
        counter.flops += 2 * (inp[0].numel() // mod.in_features) * mod.in_features * mod.out_features

    for m in [lm_head] + [lin for layer in layers for lin in layer.modules() if isinstance(lin, nn.Linear)]:
        m.register_forward_hook(hook)
    h, hd, nkv = cfg["hidden_size"], cfg["hidden_size"] // cfg["num_attention_heads"], cfg["num_key_value_heads"]
    x = torch.zeros(batch, new_tokens, h, device=device, dtype=torch.float16)
    kv_bytes = 0
    for layer in layers:
        pk = torch.zeros(batch, nkv, ctx, hd, device=device, dtype=torch.float16)
        pv = torch.zeros(batch, nkv, ctx, hd, device=device, dtype=torch.float16)
        x, k, v = layer(x, pk, pv, causal)
        # decode reads the cached K, V; prefill writes the new ones
        touched = (pk, pv) if not causal else (k, v)
        kv_bytes += sum(t.element_size() * t.nelement() for t in touched)
    lm_head(x[:, -1:])  # only the last position's logits are needed
    weights = sum(p.element_size() * p.nelement() for layer in layers for p in layer.parameters())
    weights += lm_head.weight.element_size() * lm_head.weight.nelement()
    return counter.flops, weights + kv_bytes


def intensity(cfg, batch, ctx):
    f, b = work(cfg, batch, ctx, 1, causal=False)
    return f / b


batches = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
roof = lambda I: (torch.minimum(torch.tensor(H100["peak"], dtype=F64), torch.tensor(I, dtype=F64) * H100["bandwidth"]) / 1e12)

f_pre, b_pre = work(CONFIGS["llama_7b"], 1, 0, 2048, causal=True)
matmul_weight_bytes = work(CONFIGS["llama_7b"], 1, 0, 1, causal=False)[1]

def max_batch(cfg, ctx, memory=80e9):
    """Sequences of ctx cached tokens that fit next to the 16-bit weights (embedding and norms included)."""
    h, L = cfg["hidden_size"], cfg["num_hidden_layers"]
    weights = work(cfg, 1, 0, 1, causal=False)[1] + 2 * (cfg["vocab_size"] * h + (2 * L + 1) * h)
    kv_per_seq = work(cfg, 1, ctx, 1, causal=False)[1] - work(cfg, 1, 0, 1, causal=False)[1]
    return int((memory - weights) // kv_per_seq)


write_reference(
    __file__,
    # the TypeScript computes in float64 and the charts in float32 (tf tensors): rtol 1e-6
    tolerance={"atol": 1e-6, "rtol": 1e-6},
    inputs={"batches": batches},
    cases={
        "decode_b1_ctx0": list(work(CONFIGS["llama_7b"], 1, 0, 1, causal=False)),
        "decode_b8_ctx1024": list(work(CONFIGS["llama_7b"], 8, 1024, 1, causal=False)),
        "decode_llama3_b8_ctx1024": list(work(CONFIGS["llama3_8b"], 8, 1024, 1, causal=False)),
        "prefill_2048_attention_and_bytes": [f_pre, b_pre],
        "ridge_h100": H100["peak"] / H100["bandwidth"],
        "max_batch_80gb_ctx1024": [max_batch(CONFIGS[k], 1024) for k in ("llama_7b", "llama3_8b")],
        "tokens_per_second_fp16": [bw / matmul_weight_bytes for bw in BANDWIDTH.values()],
    },
    main={
        "roofline": {
            "H100 SXM 的屋顶线": roof([2.0**i for i in range(13)]),
            "LLaMA-7B 解码": roof([intensity(CONFIGS["llama_7b"], b, 1024) for b in batches]),
            "Llama-3-8B 解码": roof([intensity(CONFIGS["llama3_8b"], b, 1024) for b in batches]),
            "LLaMA-7B fp16 batch 1 的生成速度上限": [bw / matmul_weight_bytes for bw in BANDWIDTH.values()],
        }
    },
)
