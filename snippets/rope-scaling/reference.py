"""Expected outputs for snippets/rope-scaling/rope-scaling.ts.

The oracle is the official code, ported to torch: Hugging Face transformers' modeling_rope_utils.py
(_compute_default_rope_parameters, _compute_linear_scaling_rope_parameters,
_compute_dynamic_ntk_parameters, _compute_yarn_parameters, _compute_llama3_parameters), written here
against a config object the way HF reads it (config.rope_theta, hidden_size // num_attention_heads,
config.rope_scaling[...]). For Llama 3.1 it is cross-checked against Meta's own apply_scaling
(meta-llama/llama-models, models/llama3/model.py), ported with its fixed constants. Static NTK-aware
scaling is not one of HF's ROPE_INIT_FUNCTIONS: hf_ntk below is NTK-aware as YaRN's paper defines it
(eq. 16, b' = b * s^(d/(d-2))), written in the same style. The only change
from the originals is the dtype: float64 instead of float32, so the reference is the exact answer.
Run: bash scripts/gen-reference.sh rope-scaling
"""

import math
from types import SimpleNamespace

import torch

from refio import F64, write_reference


def config(d_head, base, max_position_embeddings, rope_scaling=None):
    # HF derives dim = hidden_size // num_attention_heads; one head is enough here
    return SimpleNamespace(hidden_size=d_head, num_attention_heads=1, rope_theta=base,
                           max_position_embeddings=max_position_embeddings, rope_scaling=rope_scaling or {})


def _dim(cfg):
    partial_rotary_factor = getattr(cfg, "partial_rotary_factor", 1.0)
    return int((cfg.hidden_size // cfg.num_attention_heads) * partial_rotary_factor)


def hf_default(cfg):
    base, dim = cfg.rope_theta, _dim(cfg)
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).to(F64) / dim))
    return inv_freq, 1.0


def hf_linear(cfg):
    inv_freq, attention_factor = hf_default(cfg)
    return inv_freq / cfg.rope_scaling["factor"], attention_factor


def hf_ntk(cfg):
    # NTK-aware per YaRN eq. 16 (no HF counterpart in ROPE_INIT_FUNCTIONS)
    base, dim, factor = cfg.rope_theta, _dim(cfg), cfg.rope_scaling["factor"]
    base = base * factor ** (dim / (dim - 2))
    return 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).to(F64) / dim)), 1.0


def hf_dynamic_ntk(cfg, seq_len):
    base, dim = cfg.rope_theta, _dim(cfg)
    max_position_embeddings, factor = cfg.max_position_embeddings, cfg.rope_scaling["factor"]
    seq_len = seq_len if seq_len is not None and seq_len > max_position_embeddings else max_position_embeddings
    base = base * ((factor * seq_len / max_position_embeddings) - (factor - 1)) ** (dim / (dim - 2))
    return 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).to(F64) / dim)), 1.0


def hf_yarn(cfg):
    base, dim = cfg.rope_theta, _dim(cfg)
    max_position_embeddings, factor = cfg.max_position_embeddings, cfg.rope_scaling["factor"]
    attention_factor = cfg.rope_scaling.get("attention_factor")
    if attention_factor is None:
        attention_factor = 0.1 * math.log(factor) + 1.0
    beta_fast = cfg.rope_scaling.get("beta_fast") or 32
    beta_slow = cfg.rope_scaling.get("beta_slow") or 1

    def find_correction_dim(num_rotations, dim, base, max_position_embeddings):
        return (dim * math.log(max_position_embeddings / (num_rotations * 2 * math.pi))) / (2 * math.log(base))

    def find_correction_range(low_rot, high_rot, dim, base, max_position_embeddings):
        low = math.floor(find_correction_dim(low_rot, dim, base, max_position_embeddings))
        high = math.ceil(find_correction_dim(high_rot, dim, base, max_position_embeddings))
        return max(low, 0), min(high, dim - 1)

    def linear_ramp_factor(min, max, dim):
        if min == max:
            max += 0.001
        linear_func = (torch.arange(dim, dtype=F64) - min) / (max - min)
        return torch.clamp(linear_func, 0, 1)

    pos_freqs = base ** (torch.arange(0, dim, 2).to(F64) / dim)
    inv_freq_extrapolation = 1.0 / pos_freqs
    inv_freq_interpolation = 1.0 / (factor * pos_freqs)
    low, high = find_correction_range(beta_fast, beta_slow, dim, base, max_position_embeddings)
    inv_freq_extrapolation_factor = 1 - linear_ramp_factor(low, high, dim // 2)
    inv_freq = (inv_freq_interpolation * (1 - inv_freq_extrapolation_factor)
                + inv_freq_extrapolation * inv_freq_extrapolation_factor)
    return inv_freq, attention_factor


def hf_llama3(cfg):
    inv_freq, attention_factor = hf_default(cfg)
    factor = cfg.rope_scaling["factor"]
    low_freq_factor = cfg.rope_scaling["low_freq_factor"]
    high_freq_factor = cfg.rope_scaling["high_freq_factor"]
    old_context_len = cfg.rope_scaling["original_max_position_embeddings"]
    low_freq_wavelen = old_context_len / low_freq_factor
    high_freq_wavelen = old_context_len / high_freq_factor
    wavelen = 2 * math.pi / inv_freq
    inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
    smooth_factor = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
    smoothed_inv_freq = (1 - smooth_factor) * inv_freq_llama / factor + smooth_factor * inv_freq_llama
    is_medium_freq = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
    return torch.where(is_medium_freq, smoothed_inv_freq, inv_freq_llama), attention_factor


def meta_apply_scaling(freqs):
    # meta-llama/llama-models models/llama3/model.py, constants as shipped ("values obtained from grid search")
    scale_factor, low_freq_factor, high_freq_factor, old_context_len = 8, 1, 4, 8192
    low_freq_wavelen = old_context_len / low_freq_factor
    high_freq_wavelen = old_context_len / high_freq_factor
    wavelen = 2 * torch.pi / freqs
    new_freqs = torch.where(wavelen > low_freq_wavelen, freqs / scale_factor, freqs)
    smooth = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
    return torch.where((wavelen >= high_freq_wavelen) & (wavelen <= low_freq_wavelen),
                       (1 - smooth) * new_freqs / scale_factor + smooth * new_freqs, new_freqs)


# main(): Llama 3 8B head (d = 128, rope_theta = 500000), original window 8192, factor 8
D, BASE, L, S = 128, 500000.0, 8192, 8.0
default, _ = hf_default(config(D, BASE, L))
pi, _ = hf_linear(config(D, BASE, L, {"factor": S}))
ntk, _ = hf_ntk(config(D, BASE, L, {"factor": S}))
yarn, yarn_attention = hf_yarn(config(D, BASE, L, {"factor": S}))
llama3_scaling = {"factor": S, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": L}
llama3, _ = hf_llama3(config(D, BASE, 131072, llama3_scaling))
assert torch.allclose(llama3, meta_apply_scaling(default), rtol=1e-15, atol=0), "HF and Meta disagree"


def ratio(inv_freq):
    # angle at position L' = s L over the angle at position L in training, per pair of dimensions
    return torch.outer(torch.tensor([L * S], dtype=F64), inv_freq)[0] / torch.outer(torch.tensor([float(L)], dtype=F64), default)[0]


# a second, smaller setting (Llama 2 like head: d = 64 slice, base 10000, L = 4096, s = 16)
d2, b2, L2, s2 = 64, 10000.0, 4096, 16.0
positions = [0, 1, 100, 8191, 65535]

write_reference(
    __file__,
    # measured on cpu/wasm: max rel error 5e-7 everywhere (the JSON keeps 7 significant digits; the TS
    # frequencies are float64), angles up to 6.6e4 rad from the float32 outer product: max abs 5e-3, rel 5e-7
    tolerance={"atol": 1e-6, "rtol": 1e-5},
    inputs={"positions": positions},
    cases={
        "default_d128_b500000": default,
        "pi_d128_s8": pi,
        "ntk_d128_s8": ntk,
        "dynamic_d128_factor1_len8192": hf_dynamic_ntk(config(D, BASE, L, {"factor": 1.0}), 8192)[0],
        "dynamic_d128_factor1_len32768": hf_dynamic_ntk(config(D, BASE, L, {"factor": 1.0}), 32768)[0],
        "dynamic_d128_factor2_len20000": hf_dynamic_ntk(config(D, BASE, L, {"factor": 2.0}), 20000)[0],
        "yarn_d128_b500000_s8_L8192": yarn,
        "yarn_attention_s8": yarn_attention,
        "yarn_d64_b10000_s16_L4096": hf_yarn(config(d2, b2, L2, {"factor": s2}))[0],
        "yarn_attention_s16": hf_yarn(config(d2, b2, L2, {"factor": s2}))[1],
        "yarn_d64_beta_fast16_beta_slow2": hf_yarn(config(d2, b2, L2, {"factor": s2, "beta_fast": 16.0, "beta_slow": 2.0}))[0],
        "llama3_d128_b500000": llama3,
        "llama3_d64_b10000_factor4_L4096": hf_llama3(config(d2, b2, 16384, {"factor": 4.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": L2}))[0],
        "angles_yarn_d128": torch.outer(torch.tensor(positions, dtype=F64), yarn),
    },
    main={"rope-scaling": {
        "直接外推": ratio(default),
        "PI": ratio(pi),
        "NTK-aware": ratio(ntk),
        "YaRN": ratio(yarn),
        "Llama 3.1": ratio(llama3),
    }},
)
