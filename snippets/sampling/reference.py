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


# --- repetition.ts ---
# Oracles for snippets/sampling/repetition.ts, written from the definitions, not from the TypeScript:
# seq-rep-n with collections.Counter (Welleck et al.'s "1 - unique/total" over n-gram tuples);
# no-repeat-n-gram with a prefix -> next-token dict as in HF's _get_ngrams (from fairseq);
# presence/frequency with torch.bincount (OpenAI's mu - c*a_f - 1[c>0]*a_p); greedy with torch.argmax;
# beam search with torch.topk over the flattened [beams, vocab] scores; sampling with
# torch.searchsorted on the CDF. The multiplicative penalty and top-p reuse the HF-style functions above.
from collections import Counter

REP_TOKENS = ["我", "觉得", "很", "好", "。", "但是"]
REP_TABLE = torch.tensor(
    [
        [0.02, 0.70, 0.12, 0.05, 0.03, 0.08],
        [0.04, 0.02, 0.56, 0.26, 0.03, 0.09],
        [0.01, 0.025, 0.03, 0.90, 0.015, 0.02],
        [0.03, 0.015, 0.42, 0.04, 0.47, 0.025],
        [0.45, 0.06, 0.04, 0.02, 0.03, 0.40],
        [0.40, 0.25, 0.20, 0.06, 0.05, 0.04],
    ],
    dtype=F64,
)
assert torch.allclose(REP_TABLE.sum(-1), torch.ones(6, dtype=F64))
REP_LOG = REP_TABLE.log()
REP_UNIFORMS = rounded_inputs(torch.rand(20, generator=torch.Generator().manual_seed(5), dtype=F64))
REP_STEPS = 20


def seq_rep_n(ids, n):
    grams = Counter(tuple(ids[i : i + n]) for i in range(len(ids) - n + 1))
    total = sum(grams.values())
    return 0.0 if total == 0 else 1.0 - len(grams) / total


def no_repeat_ngram(scores, ids, n):
    followers = {}
    for i in range(len(ids) - n + 1):
        followers.setdefault(tuple(ids[i : i + n - 1]), []).append(ids[i + n - 1])
    banned = followers.get(tuple(ids[len(ids) - n + 1 :]), []) if len(ids) >= n - 1 else []
    out = scores.clone()
    out[banned] = NEG_INF
    return out


def presence_frequency(scores, ids, presence, frequency):
    c = torch.bincount(torch.tensor(ids, dtype=torch.long), minlength=scores.shape[-1]).to(F64)
    return scores - c * frequency - (c > 0).to(F64) * presence


def greedy(start, steps, processor=None):
    ids = [start]
    for _ in range(steps):
        z = REP_LOG[ids[-1]]
        z = processor(z, ids) if processor else z
        top2 = torch.topk(z, 2).values
        assert top2[0] - top2[1] > 1e-3, "greedy step too close to a tie for float32"
        ids.append(int(torch.argmax(z)))
    return ids


def beam(start, steps, width):
    seqs, scores = [[start]], torch.zeros(1, dtype=F64)
    for _ in range(steps):
        last = torch.tensor([s[-1] for s in seqs])
        cand = (scores[:, None] + REP_LOG[last]).flatten()  # [beams * vocab]
        top = torch.topk(cand, min(width, cand.numel()) + 1 if cand.numel() > width else cand.numel())
        if cand.numel() > width:  # the kept and the first dropped candidate must not tie
            assert top.values[width - 1] - top.values[width] > 1e-4
        vals, idx = top.values[:width], top.indices[:width]
        seqs = [seqs[int(i) // 6] + [int(i) % 6] for i in idx]
        scores = vals
    return seqs[0], float(scores[0])


def sample(start, uniforms, processor=None):
    ids = [start]
    for u in uniforms.tolist():
        z = REP_LOG[ids[-1]]
        z = processor(z, ids) if processor else z
        cdf = torch.cumsum(torch.softmax(z, -1), -1)
        assert (cdf - u).abs().min() > 1e-3, "uniform too close to a CDF step for float32"
        ids.append(int(torch.searchsorted(cdf, torch.tensor([u], dtype=F64), right=True)))
    return ids


def mean_log_prob(ids):
    return float(sum(REP_LOG[a, b] for a, b in zip(ids, ids[1:])) / (len(ids) - 1))


rep_ids = [3, 0, 3, 11, 7, 3, 0, 3, 11, 2, 3, 0, 3]
rep_runs = {
    "贪心": greedy(0, REP_STEPS),
    "束搜索 B=3": beam(0, REP_STEPS, 3)[0],
    "采样 T=1": sample(0, REP_UNIFORMS),
    "top-p=0.8 采样": sample(0, REP_UNIFORMS, lambda z, ids: top_p(z, 0.8)),
    "贪心+重复惩罚1.3": greedy(0, REP_STEPS, lambda z, ids: repetition_penalty(z, ids, 1.3)),
    # OpenAI / vLLM count only generated tokens: the start token (the prompt) is left out
    "贪心+presence/frequency": greedy(0, REP_STEPS, lambda z, ids: presence_frequency(z, ids[1:], 0.5, 0.3)),
    "贪心+禁止重复3-gram": greedy(0, REP_STEPS, lambda z, ids: no_repeat_ngram(z, ids, 3)),
}
repetition_cases = {
    **{f"seq_rep_{n}": seq_rep_n(rep_ids, n) for n in (1, 2, 3, 4)},
    **{f"no_repeat_{n}": no_repeat_ngram(logits, rep_ids, n) for n in (2, 3, 4)},
    "presence_frequency": presence_frequency(logits, rep_ids, 0.5, 0.3),
    "rep_greedy": greedy(0, REP_STEPS),
    **{f"rep_beam_{b}": beam(0, REP_STEPS, b)[0] for b in (1, 2, 3)},
    "rep_beam_3_logprob": beam(0, REP_STEPS, 3)[1],
    "rep_sample": rep_runs["采样 T=1"],
}
assert repetition_cases["rep_beam_1"] == repetition_cases["rep_greedy"]  # beam width 1 is greedy
cases.update(repetition_cases)
repetition_main = {
    "20 步续写的 seq-rep-4": [seq_rep_n(ids, 4) for ids in rep_runs.values()],
    "平均每步对数概率（原始转移表）": [mean_log_prob(ids) for ids in rep_runs.values()],
}
# --- end repetition.ts ---

# ==================================================================================================
# BEGIN gen block (Q16 generation-params): minPFilter cases and main() of filters.ts.
# min-p written the way Hugging Face's MinPLogitsWarper does it (torch.softmax, amax, compare with
# min_p * p_max, masked_fill). filters.ts main() chains temperature -> one filter, the order of
# HF's _get_logits_processor and vLLM's Sampler; its top-k / top-p reuse the functions above.


def min_p(scores, p_base):
    probs = torch.softmax(scores, dim=-1)
    scaled = p_base * probs.amax(dim=-1, keepdim=True)
    # float32 in the TypeScript: refuse inputs where a token sits within 1e-4 of the threshold
    assert (probs - scaled).abs().min() > 1e-4, f"min-p cut too close for p_base={p_base}"
    return scores.masked_fill(probs < scaled, NEG_INF)


min_ps = [0.05, 0.1, 0.3]
gen_cases = {f"min_p_{mp}": min_p(logits, mp) for mp in min_ps}

filters_logits = torch.tensor([2.6, 2.1, 1.7, 1.4, 1.2, 0.9, 0.5, 0.0, -0.3, -1.2, -1.8, -2.5], dtype=F64)
filters_variants = {
    "T=1": filters_logits,
    "T=0.7": temperature(filters_logits, 0.7),
    "top-k=3": top_k(filters_logits, 3),
    "top-p=0.9": top_p(filters_logits, 0.9),
    "min-p=0.1": min_p(filters_logits, 0.1),
    "T=1.5, top-p=0.9": top_p(temperature(filters_logits, 1.5), 0.9),
    "T=1.5, min-p=0.1": min_p(temperature(filters_logits, 1.5), 0.1),
}
gen_main = {"filters": {name: torch.softmax(z, dim=-1) for name, z in filters_variants.items()}}
gen_inputs = {"min_ps": min_ps}
cases.update(gen_cases)
# END gen block
# ==================================================================================================

write_reference(
    __file__,
    # float32 vs this float64 answer: the ops are elementwise or a softmax over 10 tokens;
    # measured max abs error on cpu/wasm is below 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={
        "logits": logits,
        "previous_ids": previous_ids,
        "ks": ks,
        "ps": ps,
        "rep_ids": rep_ids,
        "rep_table": REP_TABLE,
        "rep_uniforms": REP_UNIFORMS,
        **gen_inputs,
    },
    cases=cases,
    main={
        "sampling": {name: torch.softmax(z, dim=-1) for name, z in main_variants.items()},
        "repetition": repetition_main,
        **gen_main,
    },
)
