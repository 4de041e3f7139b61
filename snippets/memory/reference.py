"""Expected outputs for snippets/memory/memory.ts.

Independent of the TypeScript formulas:
- parameter counts: the LLaMA block is built from torch.nn modules on the meta device (no memory is
  allocated) and counted with p.numel(); the published totals of the three presets are checked too.
- KV cache: tensors of the shapes Meta's llama/model.py (cache_k, cache_v per layer) and DeepSeek-V3's
  inference/model.py (kv_cache, pe_cache per layer) allocate, created on the meta device in
  float16 / bfloat16, measured with element_size() * nelement(); a tiny configuration is allocated for
  real on the CPU.
- ZeRO (1910.02054, Figure 1): the paper's closed form, restated per component (parameters, gradients,
  optimizer states) with shard flags and checked against the numbers Figure 1 prints (Psi = 7.5B, N = 64).
- activations (2205.05198, Eq. 1): measured, not restated. A tiny GPT block (LayerNorm, Q/K/V/O
  projections, softmax, dropout, GeLU MLP) runs forward under torch.autograd.graph.saved_tensors_hooks;
  every distinct storage autograd saves for backward is counted (parameters and the s*b-element
  LayerNorm statistics excluded), at 2 bytes per floating-point element as in 16-bit training and
  1 byte per element of a dropout mask. The "flash" variant wraps the attention core
  (QK^T, softmax, PV) in torch.utils.checkpoint, so only Q, K, V are kept and the s x s matrices are
  recomputed in backward, which is what FlashAttention does. The 7B-scale numbers use the formula the
  tiny block confirms.
Run: bash scripts/gen-reference.sh memory
"""

import torch
import torch.nn as nn

from refio import write_reference

GiB = 2**30

# 官方配置里的字段（HF config.json 的命名）
CONFIGS = {
    "llama_7b": dict(num_hidden_layers=32, hidden_size=4096, num_attention_heads=32, num_key_value_heads=32,
                     intermediate_size=11008, vocab_size=32000),
    "llama3_8b": dict(num_hidden_layers=32, hidden_size=4096, num_attention_heads=32, num_key_value_heads=8,
                      intermediate_size=14336, vocab_size=128256),
    "llama2_70b": dict(num_hidden_layers=80, hidden_size=8192, num_attention_heads=64, num_key_value_heads=8,
                       intermediate_size=28672, vocab_size=32000),
}
TINY = dict(num_hidden_layers=2, hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
            intermediate_size=172, vocab_size=100)
# Hugging Face 报告的参数总数（model.num_parameters()）
PUBLISHED = {"llama_7b": 6_738_415_616, "llama3_8b": 8_030_261_248, "llama2_70b": 68_976_648_192}


class Block(nn.Module):
    def __init__(self, cfg, device):
        super().__init__()
        h, nh, nkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
        hd = h // nh
        lin = lambda i, o: nn.Linear(i, o, bias=False, device=device)
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = lin(h, nh * hd), lin(h, nkv * hd), lin(h, nkv * hd), lin(nh * hd, h)
        f = cfg["intermediate_size"]
        self.gate_proj, self.up_proj, self.down_proj = lin(h, f), lin(h, f), lin(f, h)
        self.input_layernorm = nn.Parameter(torch.ones(h, device=device))
        self.post_attention_layernorm = nn.Parameter(torch.ones(h, device=device))


class Llama(nn.Module):
    def __init__(self, cfg, device="meta"):
        super().__init__()
        h, v = cfg["hidden_size"], cfg["vocab_size"]
        self.embed_tokens = nn.Embedding(v, h, device=device)
        self.layers = nn.ModuleList(Block(cfg, device) for _ in range(cfg["num_hidden_layers"]))
        self.norm = nn.Parameter(torch.ones(h, device=device))
        self.lm_head = nn.Linear(h, v, bias=False, device=device)


def n_params(cfg, device="meta"):
    return sum(p.numel() for p in Llama(cfg, device).parameters())


def kv_cache_bytes(cfg, tokens, batch, dtype=torch.float16, device="meta"):
    """Meta llama/model.py: every Attention holds cache_k and cache_v of shape
    (max_batch_size, max_seq_len, n_local_kv_heads, head_dim)."""
    hd = cfg["hidden_size"] // cfg["num_attention_heads"]
    total = 0
    for _ in range(cfg["num_hidden_layers"]):
        for _kv in ("cache_k", "cache_v"):
            t = torch.zeros(batch, tokens, cfg["num_key_value_heads"], hd, dtype=dtype, device=device)
            total += t.element_size() * t.nelement()
    return total


def mla_cache_bytes(tokens, batch, n_layers=61, kv_lora_rank=512, rope_dim=64):
    """DeepSeek-V3 inference/model.py (attn_impl "absorb"): kv_cache (bsz, seq, kv_lora_rank) and
    pe_cache (bsz, seq, qk_rope_head_dim) per layer, in the default dtype bf16."""
    total = 0
    for _ in range(n_layers):
        for width in (kv_lora_rank, rope_dim):
            t = torch.zeros(batch, tokens, width, dtype=torch.bfloat16, device="meta")
            total += t.element_size() * t.nelement()
    return total


def zero_per_gpu(psi, stage, n):
    params, grads, optim = 2 * psi, 2 * psi, 12 * psi  # fp16 参数、fp16 梯度、fp32 参数+动量+方差
    shard = {0: (0, 0, 0), 1: (0, 0, 1), 2: (0, 1, 1), 3: (1, 1, 1)}[stage]
    return sum(x / n if s else x for x, s in zip((params, grads, optim), shard))


# ZeRO 论文图 1 的例子：Ψ = 7.5B，N = 64，K = 12
fig1 = [zero_per_gpu(7.5e9, s, 64) / 1e9 for s in range(4)]
assert [round(x, 1) for x in fig1] == [120.0, 31.4, 16.6, 1.9], fig1


def activations(s, b, h, a, layers, recompute="none", flash=False):
    quadratic = 0 if flash else 5 * a * s / h
    per_layer = 2 * s * b * h if recompute == "full" else s * b * h * (34 + quadratic)
    return per_layer * layers


def saved_activation_bytes(s, b, h, a, flash=False, p=0.1):
    """Bytes autograd keeps for backward in one GPT block (Korthikanti's layout), counted with hooks."""
    from torch.utils.checkpoint import checkpoint
    import torch.nn.functional as F

    torch.manual_seed(0)
    dt = torch.float64
    lin = lambda i, o: nn.Linear(i, o, bias=False).to(dt)
    wq, wk, wv, wo, fc1, fc2 = lin(h, h), lin(h, h), lin(h, h), lin(h, h), lin(h, 4 * h), lin(4 * h, h)
    ln1, ln2 = nn.LayerNorm(h).to(dt), nn.LayerNorm(h).to(dt)
    mods = (wq, wk, wv, wo, fc1, fc2, ln1, ln2)
    params = {q.storage().data_ptr() for m in mods for q in m.parameters()}
    saved = {}

    def pack(t):
        ptr = t.storage().data_ptr()
        if ptr not in params and ptr not in saved:
            # dropout masks are the saved tensors whose entries are all 0 or 1/(1-p)
            is_mask = bool(((t == 0) | (t == 1 / (1 - p))).all())
            saved[ptr] = (t.storage().size(), is_mask)
        return t

    def core(q, k, v, drop):
        probs = F.dropout(torch.softmax(q @ k.transpose(-1, -2) / (h // a) ** 0.5, dim=-1), drop)
        return probs @ v

    x = torch.randn(s, b, h, dtype=dt, requires_grad=True)
    heads = lambda t: t.view(s, b, a, h // a).permute(1, 2, 0, 3)  # [b, a, s, h/a]
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        y = ln1(x)
        q, k, v = heads(wq(y)), heads(wk(y)), heads(wv(y))
        ctx = checkpoint(core, q, k, v, 0.0) if flash else core(q, k, v, p)
        x2 = x + F.dropout(wo(ctx.permute(2, 0, 1, 3).reshape(s, b, h)), p)
        out = x2 + F.dropout(fc2(F.gelu(fc1(ln2(x2)))), p)
    out.sum().backward()  # the saved tensors are really used
    return sum(n * (1 if mask else 2) for n, mask in saved.values() if n > s * b)


# 小 GPT 块（s = 16, b = 2, h = 64, a = 4）：数出来的字节要和 Korthikanti 式 1 一致
TINY_BLOCK = (16, 2, 64, 4)
act_tiny = [saved_activation_bytes(*TINY_BLOCK), saved_activation_bytes(*TINY_BLOCK, flash=True)]
assert act_tiny == [activations(*TINY_BLOCK, 1), activations(*TINY_BLOCK, 1, flash=True)], act_tiny


def lora_params(cfg, r, targets=("q_proj", "v_proj")):
    """LoRA on the named nn.Linear modules of each block: B (d_out x r) and A (r x d_in) as nn.Linear
    weights on the meta device, shapes read off the module (in_features, out_features)."""
    block = Block(cfg, "meta")
    total = 0
    for _ in range(cfg["num_hidden_layers"]):
        for name in targets:
            m = getattr(block, name)
            a_ = nn.Linear(m.in_features, r, bias=False, device="meta")
            b_ = nn.Linear(r, m.out_features, bias=False, device="meta")
            total += a_.weight.numel() + b_.weight.numel()
    return total


ALL_LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def finetune(cfg, mode, r=8, targets=("q_proj", "v_proj")):
    psi = n_params(cfg)
    adapters = lora_params(cfg, r, targets) * 16
    if mode == "full":
        return psi * 16
    if mode == "lora":
        return psi * 2 + adapters
    model = Llama(cfg)
    linear = sum(m.weight.numel() for layer in model.layers for m in layer.modules() if isinstance(m, nn.Linear))
    bits = 4 + 8 / 64 + 32 / (64 * 256)  # NF4 + double-quantized constants (QLoRA §3)
    return linear * bits / 8 + (psi - linear) * 2 + adapters


PRESET = ["llama_7b", "llama3_8b", "llama2_70b"]  # the order of PRESETS in memory.ts
counts = {k: n_params(c) for k, c in CONFIGS.items()}
assert counts == PUBLISHED, counts
tiny_real = kv_cache_bytes(TINY, 10, 3, dtype=torch.float32, device="cpu")

tokens = list(range(0, 8193, 512))
axes_line = lambda per_token: [t * per_token / GiB for t in tokens]
psi7 = counts["llama_7b"]

write_reference(
    __file__,
    # the TypeScript computes in float64 too; the only error is refio's rounding to 7 significant digits
    tolerance={"atol": 1e-9, "rtol": 1e-6},
    # inputs and cases must be numbers or arrays: configs as [num_hidden_layers, hidden_size,
    # num_attention_heads, num_key_value_heads, intermediate_size, vocab_size], presets in PRESET order
    inputs={"tiny": list(TINY.values()), "tokens": tokens, "tiny_block": list(TINY_BLOCK)},
    cases={
        "param_counts": [counts[k] for k in PRESET],
        "param_count_tiny": n_params(TINY, device="cpu"),
        "kv_per_token_fp16": [kv_cache_bytes(CONFIGS[k], 1, 1) for k in PRESET],
        "kv_llama_7b_4096_b32": kv_cache_bytes(CONFIGS["llama_7b"], 4096, 32),
        "kv_tiny_10_3_fp32": tiny_real,
        "kv_tiny_numel": tiny_real // 4,
        "mla_per_token": mla_cache_bytes(1, 1),
        "zero_fig1_gb": fig1,
        "zero_llama7b_8gpu": [zero_per_gpu(psi7, s, 8) for s in range(4)],
        "activations_7b_2048": activations(2048, 1, 4096, 32, 32),
        "activations_7b_2048_full": activations(2048, 1, 4096, 32, 32, "full"),
        "activations_7b_2048_flash": activations(2048, 1, 4096, 32, 32, flash=True),
        "activations_tiny_block": act_tiny,
        "lora_r64_all_llama7b": lora_params(CONFIGS["llama_7b"], 64, ALL_LINEAR),
        "lora_r8_qv_llama7b": lora_params(CONFIGS["llama_7b"], 8),
        "lora_r8_qv_llama2_70b": lora_params(CONFIGS["llama2_70b"], 8),
        "finetune_llama7b": [finetune(CONFIGS["llama_7b"], m) for m in ("full", "lora", "qlora")],
    },
    main={
        "memory": {
            "LLaMA-7B（MHA，32 个 KV 头）": axes_line(kv_cache_bytes(CONFIGS["llama_7b"], 1, 1)),
            "Llama-2-70B（GQA，8 个 KV 头）": axes_line(kv_cache_bytes(CONFIGS["llama2_70b"], 1, 1)),
            "Llama-3-8B（GQA，8 个 KV 头）": axes_line(kv_cache_bytes(CONFIGS["llama3_8b"], 1, 1)),
            "DeepSeek-V3（MLA）": axes_line(mla_cache_bytes(1, 1)),
            "LLaMA-7B 训练，每卡模型状态（8 卡数据并行）": [zero_per_gpu(psi7, s, 8) / GiB for s in range(4)],
            "LLaMA-7B 微调的模型状态（不含激活）": [finetune(CONFIGS["llama_7b"], m) / GiB for m in ("full", "lora", "qlora")]
            + [finetune(CONFIGS["llama_7b"], "qlora", 64, ALL_LINEAR) / GiB],
        }
    },
)
