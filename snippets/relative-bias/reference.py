"""Expected outputs for snippets/relative-bias/relative-bias.ts.

T5 buckets: `relative_position_bucket` below is the implementation T5 users run, Hugging Face's
(transformers, models/t5/modeling_t5.py, T5Attention._relative_position_bucket, adapted from the
Mesh TensorFlow code T5 was trained with), copied faithfully in its own torch ops (torch.abs, torch.min, torch.log on
.float(), .to(torch.long), torch.where): it is the oracle, and the TypeScript was written separately
from the formula (it precomputes the integer start of each log bucket in float64 and counts how many
starts a distance has passed). The bucket is an integer, so the float32 `.float()` of the original is
kept: the cases include settings where that float32 value sits within 1e-4 of an integer
(num_buckets=24/max_distance=512 at distance 244: 4.99992; 32/4096 at 1878: 6.99998), which a
formula with a small additive nudge before the floor gets wrong by one bucket. The start of each log
bucket ("log_starts_*") is read off the Hugging Face buckets themselves (first distance of each bucket).

Shaw scores: the logic of tensor2tensor's implementation (Google's library; common_attention.py:
_generate_relative_positions_matrix, _generate_relative_positions_embeddings,
_relative_attention_inner, with q pre-scaled by depth**-0.5 as multihead_attention does), in torch,
float64. Run: bash scripts/gen-reference.sh relative-bias
"""
import math

import torch

from refio import F64, rounded_inputs, write_reference


def relative_position_bucket(relative_position, bidirectional=True, num_buckets=32, max_distance=128):
    # --- Hugging Face modeling_t5.py, T5Attention._relative_position_bucket (verbatim logic) ---
    relative_buckets = 0
    if bidirectional:
        num_buckets //= 2
        relative_buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    # now relative_position is in the range [0, inf)

    # half of the buckets are for exact increments in positions
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact

    # The other half of the buckets are for logarithmically bigger bins in positions up to max_distance
    relative_position_if_large = max_exact + (
        torch.log(relative_position.float() / max_exact)
        / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)
    ).to(torch.long)
    relative_position_if_large = torch.min(
        relative_position_if_large, torch.full_like(relative_position_if_large, num_buckets - 1)
    )

    relative_buckets += torch.where(is_small, relative_position, relative_position_if_large)
    return relative_buckets


def t2t_relative_positions_matrix(length, max_relative_position):
    range_vec = torch.arange(length)
    distance_mat = range_vec[None, :] - range_vec[:, None]  # [q, k]: k_pos - q_pos
    distance_mat_clipped = torch.clamp(distance_mat, -max_relative_position, max_relative_position)
    return distance_mat_clipped + max_relative_position


def shaw_scores(q, k, w_k, max_relative_position):
    depth = q.shape[-1]
    q = q * depth ** -0.5  # t2t multihead_attention scales q before the relative attention
    relations_keys = w_k[t2t_relative_positions_matrix(q.shape[0], max_relative_position)]  # [n, n, d]
    # _relative_attention_inner(x=q, y=k, z=relations_keys, transpose=True): x y^T + x z^T per query
    return q @ k.T + torch.einsum("id,ijd->ij", q, relations_keys)


rel = torch.arange(-300, 301)
rel_long = torch.arange(-4200, 4201)  # past max_distance = 4096, so every log bucket of the 4096 settings starts inside


def log_starts(bidirectional, num_buckets, max_distance):
    """First distance n (key before query, j - i = -n) of each log bucket, from the Hugging Face buckets."""
    per_side = num_buckets // 2 if bidirectional else num_buckets
    max_exact = per_side // 2
    n = torch.arange(0, 5000)
    buckets = relative_position_bucket(-n, bidirectional, num_buckets, max_distance).tolist()
    return [buckets.index(b) for b in range(max_exact + 1, per_side)]

g = torch.Generator().manual_seed(1803_02155)
q = rounded_inputs(torch.randn(6, 8, generator=g, dtype=F64))
k = rounded_inputs(torch.randn(6, 8, generator=g, dtype=F64))
w_k = rounded_inputs(torch.randn(7, 8, generator=g, dtype=F64))  # maxRel = 3: 2·3 + 1 rows

# main(): j - i = -200..200, and the literal q, k, wK written in relative-bias.ts
main_rel = torch.arange(-200, 201)
main_q = torch.tensor([[1, 0, 0.5, -1], [0, 1, 1, 0], [0.5, -0.5, 0, 1], [1, 1, 0, 0]], dtype=F64)
main_k = torch.tensor([[0, 1, 0, 1], [1, 0, -1, 0], [0.5, 0.5, 0.5, 0.5], [-1, 0, 1, 0]], dtype=F64)
main_wk = 0.2 * torch.tensor([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=F64)

write_reference(
    __file__,
    # buckets are integers and must match exactly (|error| <= 1e-5 admits no off-by-one);
    # Shaw scores: float32 vs float64, measured on cpu/wasm: max abs below 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={
        "relative_position": rel,
        "relative_position_long": rel_long,
        "q": q,
        "k": k,
        "w_k": w_k,
        "max_relative_position": 3,
    },
    cases={
        "bucket_bidirectional_32_128": relative_position_bucket(rel, True),
        "bucket_causal_32_128": relative_position_bucket(rel, False),
        "bucket_bidirectional_32_256": relative_position_bucket(rel, True, 32, 256),
        "bucket_bidirectional_64_256": relative_position_bucket(rel, True, 64, 256),
        "bucket_causal_16_64": relative_position_bucket(rel, False, 16, 64),
        "long_bucket_bidirectional_24_512": relative_position_bucket(rel_long, True, 24, 512),
        "long_bucket_bidirectional_32_4096": relative_position_bucket(rel_long, True, 32, 4096),
        "long_bucket_causal_32_4096": relative_position_bucket(rel_long, False, 32, 4096),
        "log_starts_bidirectional_32_128": log_starts(True, 32, 128),
        "log_starts_causal_32_128": log_starts(False, 32, 128),
        "log_starts_bidirectional_24_512": log_starts(True, 24, 512),
        "log_starts_bidirectional_32_4096": log_starts(True, 32, 4096),
        "shaw_scores": shaw_scores(q, k, w_k, 3),
        "shaw_scores_maxrel1": shaw_scores(q, k, w_k[2:5], 1),
    },
    main={
        "relative-bias": {
            "T5 双向分桶（j − i = −200 … 200）": relative_position_bucket(main_rel, True),
            "T5 单向分桶（j − i = −200 … 200）": relative_position_bucket(main_rel, False),
            "Shaw 打分 e_ij": shaw_scores(main_q, main_k, main_wk, 2),
        }
    },
)
