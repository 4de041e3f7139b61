"""Expected outputs for snippets/sampling/sampling.ts.

Written the way Hugging Face transformers' logits processors do it (TemperatureLogitsWarper,
TopKLogitsWarper, TopPLogitsWarper, RepetitionPenaltyLogitsProcessor): torch.topk, an ascending
torch.sort + torch.cumsum + scatter for top-p, torch.gather / scatter for the penalty. Filtered logits
are -inf, stored in reference.json as the string "-Infinity". Computed in float64.
Run: bash scripts/gen-reference.sh sampling
"""

import torch

from refio import F64, rounded_inputs, write_reference

NEG_INF = float("-inf")


def temperature(scores, t):
    return scores / t


def top_k(scores, k):
    indices_to_remove = scores < torch.topk(scores, k)[0][..., -1, None]
    return scores.masked_fill(indices_to_remove, NEG_INF)


def top_p(scores, p):
    sorted_logits, sorted_indices = torch.sort(scores, descending=False)
    cumulative_probs = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    # float32 in the TypeScript: refuse inputs where a token sits within 1e-4 of the cut
    assert (cumulative_probs - (1 - p)).abs().min() > 1e-4, f"top-p cut too close to p={p}"
    sorted_indices_to_remove = cumulative_probs <= (1 - p)  # the token that crosses p is kept
    sorted_indices_to_remove[..., -1:] = False  # always keep at least one token
    indices_to_remove = sorted_indices_to_remove.scatter(-1, sorted_indices, sorted_indices_to_remove)
    return scores.masked_fill(indices_to_remove, NEG_INF)


def repetition_penalty(scores, previous_ids, penalty):
    ids = torch.tensor(previous_ids, dtype=torch.long)
    score = torch.gather(scores, -1, ids)
    score = torch.where(score < 0, score * penalty, score / penalty)
    return scores.scatter(-1, ids, score)  # repeated ids write the same value: penalised once


g = torch.Generator().manual_seed(1904_09751)
logits = rounded_inputs(2 * torch.randn(16, generator=g, dtype=F64))
previous_ids = [3, 0, 3, 11, 7, 3]
ks = [1, 3, 16]
ps = [0.5, 0.9, 0.99]

# main(): the literal logits of sampling.ts
main_logits = torch.tensor([3.0, 2.4, 1.9, 1.2, 0.6, 0.1, -0.4, -1.0, -1.6, -2.5], dtype=F64)
main_variants = {
    "raw": main_logits,
    "T=0.5": temperature(main_logits, 0.5),
    "T=1.5": temperature(main_logits, 1.5),
    "top-k=3": top_k(main_logits, 3),
    "top-p=0.9": top_p(main_logits, 0.9),
    "penalty=1.3": repetition_penalty(main_logits, [0, 6, 0], 1.3),
}

cases = {
    "temperature_0.5": temperature(logits, 0.5),
    "temperature_1.5": temperature(logits, 1.5),
    "repetition_penalty_1.3": repetition_penalty(logits, previous_ids, 1.3),
    "repetition_penalty_0.8": repetition_penalty(logits, previous_ids, 0.8),
}
cases.update({f"top_k_{k}": top_k(logits, k) for k in ks})
cases.update({f"top_p_{p}": top_p(logits, p) for p in ps})

write_reference(
    __file__,
    # float32 vs this float64 answer: the ops are elementwise or a softmax over 10 tokens;
    # measured max abs error on cpu/wasm is below 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"logits": logits, "previous_ids": previous_ids, "ks": ks, "ps": ps},
    cases=cases,
    main={"sampling": {name: torch.softmax(z, dim=-1) for name, z in main_variants.items()}},
)
