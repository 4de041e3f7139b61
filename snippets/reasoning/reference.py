"""Expected outputs for snippets/reasoning/self-consistency.ts.

Majority vote over n independent samples, each correct with probability p, every wrong sample giving the
same wrong answer: P_maj = P(K > n/2) + 0.5 * P(K = n/2) with K ~ Binomial(n, p). Computed with
torch.distributions.Binomial(n, probs=p).log_prob(k).exp() summed over k, in float64 (the TypeScript
builds ln C(n, k) by hand and works in the log domain). samples_needed is found by evaluating the same
torch distribution for every odd n. Run: bash scripts/gen-reference.sh reasoning
"""

import torch
from torch.distributions import Binomial

from refio import F64, rounded_inputs, write_reference


def p_maj(p, n):
    ks = torch.arange(0, n + 1, dtype=F64).unsqueeze(1)  # [n+1, 1]
    pmf = Binomial(total_count=n, probs=p.unsqueeze(0)).log_prob(ks).exp()  # [n+1, m]
    win = (ks > n / 2).to(F64)
    tie = (ks == n / 2).to(F64)
    return (pmf * win).sum(0) + 0.5 * (pmf * tie).sum(0)


def samples_needed(p, target, max_n=201):
    for n in range(1, max_n + 1, 2):
        if p_maj(torch.tensor([p], dtype=F64), n).item() >= target:
            return n
    return None


g = torch.Generator().manual_seed(2203_11171)
p_case = rounded_inputs(0.02 + 0.96 * torch.rand(16, generator=g, dtype=F64), 4)
PS = torch.tensor([0.05 * (i + 1) for i in range(19)], dtype=F64)

write_reference(
    __file__,
    # float32 log/exp sums against float64: largest measured error about 1e-6 (absolute)
    tolerance={"atol": 2e-5, "rtol": 1e-4},
    inputs={"p": p_case},
    cases={
        "maj_1": p_maj(p_case, 1),
        "maj_4": p_maj(p_case, 4),
        "maj_9": p_maj(p_case, 9),
        "maj_40": p_maj(p_case, 40),
        "samples_needed": [samples_needed(p, t) for p, t in [(0.6, 0.9), (0.7, 0.9), (0.8, 0.99), (0.55, 0.9)]],
    },
    main={"self-consistency": {f"n = {n}": p_maj(PS, n) for n in (1, 5, 15, 41)}},
    notes={"model": "binary majority vote, ties split evenly; illustrative, not a fit to any paper"},
)
