"""Expected outputs for snippets/rope/rope.ts.

RoPE is written the way Meta's LLaMA reference code does it (precompute_freqs_cis + torch.polar +
torch.view_as_complex): each pair (x_2i, x_2i+1) is the complex number x_2i + i*x_2i+1, multiplied
by e^{i m theta_i}. Computed in float64 so the reference is the exact answer and the tolerance measures
the float32 error of the TypeScript. Run: bash scripts/gen-reference.sh rope
"""

import torch

from refio import F64, rounded_inputs, write_reference



def precompute_freqs(dim, base=10000.0):
    # LLaMA: freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
    return 1.0 / (base ** (torch.arange(0, dim, 2, dtype=F64)[: dim // 2] / dim))


def precompute_freqs_cis(dim, positions, base=10000.0):
    angles = torch.outer(torch.tensor(positions, dtype=F64), precompute_freqs(dim, base))
    return torch.polar(torch.ones_like(angles), angles)  # e^{i m theta_i}, [seqLen, dim/2] complex


def meta_freqs_float32(dim, theta=10000.0):
    # Meta's precompute_freqs_cis, line for line: every step (arange.float() / dim, theta ** ..., 1.0 / ...)
    # in float32. Not the same as rounding the float64 frequencies: for dim = 128, base 10000, 19 of the 64
    # differ by one ulp, which the far-position cases below would detect.
    return 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))


def precompute_freqs_cis_float32(dim, positions, base=10000.0):
    # Meta's precompute_freqs_cis: freqs in float32, t in float32, torch.outer(t, freqs) in float32;
    # the float32 angles are then taken exactly (float64) into the rotation
    freqs = meta_freqs_float32(dim, base)
    angles = torch.outer(torch.tensor(positions, dtype=torch.float32), freqs).to(F64)
    return torch.polar(torch.ones_like(angles), angles)


def apply_rotary_emb(x, freqs_cis):
    x_complex = torch.view_as_complex(x.to(F64).reshape(*x.shape[:-1], -1, 2).contiguous())
    return torch.view_as_real(x_complex * freqs_cis).flatten(-2)


def score(q, k, m, n, base=10000.0, cis=precompute_freqs_cis):
    d = q.shape[-1]
    q_m = apply_rotary_emb(q[None], cis(d, [m], base))[0]
    k_n = apply_rotary_emb(k[None], cis(d, [n], base))[0]
    return torch.dot(q_m, k_n)


g = torch.Generator().manual_seed(2104_09864)
x = rounded_inputs(torch.randn(6, 8, generator=g, dtype=F64))
x128 = rounded_inputs(torch.randn(2, 128, generator=g, dtype=F64))
positions = [0, 1, 3, 17, 128, 1000]
# the fixed q, k written literally in rope.ts main()
q = torch.tensor([0.6, -1.1, 0.9, 0.3, -0.5, 1.2, 0.4, -0.8], dtype=F64)
k = torch.tensor([1.0, 0.2, -0.7, 0.8, 0.5, -0.3, 0.9, 0.1], dtype=F64)
score_pairs = [[5, 2], [15, 12], [105, 102], [1005, 1002], [2, 9]]
# float32 angle tables at far positions (below 2^24, so every position is exact in float32)
far_positions = [0, 1000, 100000, 131071, 1000003, 16000001]
far_pairs = [[1005, 1002], [100005, 100002], [1000005, 1000002]]
far_positions_128 = [131071, 1000003]

# main(): q = k = ones, dHead = 64, score at m - n = 0..127 (n = 0)
ones = torch.ones(64, dtype=F64)
decay = torch.stack([score(ones, ones, d, 0) for d in range(128)])
# main(): scores[m][n] for the fixed q, k at m, n = 0..15
cis16 = precompute_freqs_cis(8, list(range(16)))
heatmap = apply_rotary_emb(q.expand(16, 8), cis16) @ apply_rotary_emb(k.expand(16, 8), cis16).T

write_reference(
    __file__,
    # float32 vs this float64 answer, measured on cpu/wasm: max abs error 8e-6 on the decay curve
    # (values up to 64, relative 3e-7), below 1e-6 elsewhere
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"x": x, "positions": positions, "q": q, "k": k, "score_pairs": score_pairs,
            "far_positions": far_positions, "far_pairs": far_pairs, "x128": x128,
            "far_positions_128": far_positions_128},
    cases={
        "frequencies_d8": precompute_freqs(8),
        "frequencies_d64": precompute_freqs(64),
        "frequencies_d8_base500000": precompute_freqs(8, 500000.0),
        "rope_x": apply_rotary_emb(x, precompute_freqs_cis(8, positions)),
        "rope_x_base500000": apply_rotary_emb(x, precompute_freqs_cis(8, positions, 500000.0)),
        "scores": torch.stack([score(q, k, m, n) for m, n in score_pairs]),
        "rope_x_far_float32_angles": apply_rotary_emb(x, precompute_freqs_cis_float32(8, far_positions)),
        "scores_far_float32_angles": torch.stack([score(q, k, m, n, cis=precompute_freqs_cis_float32) for m, n in far_pairs]),
        "frequencies_d128_float32_meta": meta_freqs_float32(128).to(F64),
        "frequencies_d128_base500000_float32_meta": meta_freqs_float32(128, 500000.0).to(F64),
        "rope_x128_far_float32_angles": apply_rotary_emb(x128, precompute_freqs_cis_float32(128, far_positions_128)),
        "rope_x128_far_float32_angles_base500000": apply_rotary_emb(x128, precompute_freqs_cis_float32(128, far_positions_128, 500000.0)),
    },
    main={"rope": {"长程衰减：打分随 m − n 的变化": decay, "打分矩阵 q_m·k_n（m, n = 0..15）": heatmap}},
)
