"""Expected outputs for snippets/attention-cost/attention-cost.ts.

Small n: the masks are built the PyTorch way (torch.ones(n, n).tril() for causal; tril minus
tril(diagonal=-w) for a window of the last w keys; a block-diagonal of torch.block_diag(tril(b)...) for
block-local, also asserted equal to Llama 4's create_chunked_attention_mask ported from
meta-llama/llama-models) and the attended pairs are counted with .sum(). A second check counts pairs by brute
force over (i, j) in plain Python. Large n: counted with torch from per-row lengths
(arange(1, n+1), clamped at w for the window; torch.bincount of block ids for block-local), not
from the TypeScript's closed forms. FLOPs: 4 * d_model per attended pair (q.k and a.v, 2 FLOPs per
multiply-add) and 2 FLOPs per weight from the list of LLaMA-style weight shapes (Llama 2 7B:
d_model 4096, d_ff 11008, MHA). float64.
Run: bash scripts/gen-reference.sh attention-cost
"""

import torch

from refio import F64, write_reference


def causal(n):
    return torch.ones(n, n, dtype=F64).tril()


def sliding(n, w):
    return torch.ones(n, n, dtype=F64).tril() - torch.ones(n, n, dtype=F64).tril(diagonal=-w)


def block_local(n, b):
    sizes = [b] * (n // b) + ([n % b] if n % b else [])
    return torch.block_diag(*[torch.ones(s, s, dtype=F64).tril() for s in sizes])


def llama4_chunked_mask(seq_len, attention_chunk_size):  # meta-llama/llama-models, models/llama4/model.py
    block_pos = torch.abs(
        (torch.arange(seq_len).unsqueeze(0) // attention_chunk_size)
        - (torch.arange(seq_len).unsqueeze(1) // attention_chunk_size)
    )
    token_pos = torch.arange(seq_len).unsqueeze(0) - torch.arange(seq_len).unsqueeze(1)
    return (block_pos == 0) & (token_pos <= 0)


def brute(n, visible):
    return sum(1 for i in range(n) for j in range(n) if visible(i, j))


for n, w in [(12, 4), (10, 3), (7, 7), (9, 20)]:
    assert causal(n).sum().item() == brute(n, lambda i, j: j <= i)
    assert sliding(n, w).sum().item() == brute(n, lambda i, j: i - w < j <= i)
    assert block_local(n, w).sum().item() == brute(n, lambda i, j: j <= i and i // w == j // w)
    assert torch.equal(block_local(n, w).bool(), llama4_chunked_mask(n, w))  # Llama 4's chunked attention


def count_causal(n):
    return torch.arange(1, n + 1, dtype=F64).sum().item()


def count_sliding(n, w):
    return torch.clamp(torch.arange(1, n + 1, dtype=F64), max=w).sum().item()


def count_block(n, b):
    c = torch.bincount(torch.arange(n) // b).to(F64)
    return (c * (c + 1) / 2).sum().item()


D_MODEL, D_FF = 4096, 11008
SHAPES = [(D_MODEL, D_MODEL)] * 4 + [(D_MODEL, D_FF)] * 3  # wq wk wv wo, w1 w2 w3


def share(pairs, n):
    attention = 4 * D_MODEL * pairs / n
    linear = 2 * sum(a * b for a, b in SHAPES)
    return attention / (attention + linear)


W = 4096
ns = [(k + 1) * 4096 for k in range(32)]
big = [1, 100, 4095, 4096, 4097, 10000, 131072, 1_000_000]

write_reference(
    __file__,
    tolerance={"atol": 1e-6, "rtol": 1e-6},  # counts are exact integers; shares are float64 arithmetic in both
    inputs={"big_n": big},
    cases={
        "mask_causal_12": causal(12),
        "mask_sliding_12_4": sliding(12, 4),
        "mask_block_12_4": block_local(12, 4),
        "mask_sliding_10_3": sliding(10, 3),
        "mask_block_10_4": block_local(10, 4),
        "pairs_causal_big": [count_causal(n) for n in big],
        "pairs_sliding_big_4096": [count_sliding(n, W) for n in big],
        "pairs_block_big_4096": [count_block(n, W) for n in big],
        "pairs_block_big_3000": [count_block(n, 3000) for n in big],
        "share_full_131072": share(count_causal(131072), 131072),
        "share_sliding_131072": [share(count_sliding(131072, w), 131072) for w in (4096, 1024)],  # w = 4096, 1024
    },
    main={
        "attention-cost": {
            "完整因果注意力": [count_causal(n) / 1e8 for n in ns],
            "滑动窗口 w = 4096": [count_sliding(n, W) / 1e8 for n in ns],
            "分块局部 b = 4096": [count_block(n, W) / 1e8 for n in ns],
            "注意力占前向计算：完整因果": [share(count_causal(n), n) for n in ns],
            "注意力占前向计算：滑动窗口": [share(count_sliding(n, W), n) for n in ns],
            "掩码：完整因果（n = 12）": causal(12),
            "掩码：滑动窗口 w = 4": sliding(12, 4),
            "掩码：分块局部 b = 4": block_local(12, 4),
        }
    },
)
