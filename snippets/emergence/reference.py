"""Expected outputs for snippets/emergence/emergence.ts.

The toy model of Schaeffer et al. 2023 (arXiv 2304.15004) §2: per-token cross-entropy
L_CE(N) = (N/c)^alpha, p = exp(-L_CE), tokens independent. Independent of the TypeScript (which works
in the log domain and sums the binomial tail term by term in exp/log): here N = 10**x is raised to the
power directly in float64, exact match is torch.pow(p, L), the expected number of wrong tokens is the
mean of torch.distributions.Binomial(L, 1 - p), and "at least k of L correct" is
1 - Binomial(L, p).cdf(k - 1) written as a sum of Binomial(L, p).log_prob(j).exp() over j >= k.
Run: bash scripts/gen-reference.sh emergence
"""

import math

import torch
from torch.distributions import Binomial

from refio import F64, rounded_inputs, write_reference

ALPHA = -0.5
C = 3e7


def token_loss(x, alpha=ALPHA, c=C):
    return (torch.pow(10.0, x) / c) ** alpha


def token_acc(x, alpha=ALPHA, c=C):
    return torch.exp(-token_loss(x, alpha, c))


def exact_match(x, L, alpha=ALPHA, c=C):
    return torch.pow(token_acc(x, alpha, c), L)


def expected_wrong(x, L, alpha=ALPHA, c=C):
    q = -torch.expm1(-token_loss(x, alpha, c))  # 1 - p
    return Binomial(total_count=L, probs=q).mean


def at_least_k(x, L, k, alpha=ALPHA, c=C):
    p = token_acc(x, alpha, c)
    dist = Binomial(total_count=L, probs=p)
    js = torch.arange(k, L + 1, dtype=F64)
    return torch.stack([dist.log_prob(j).exp() for j in js]).sum(0)


def log10_n_at(t, L, alpha=ALPHA, c=C):
    # solve exp(-L (N/c)^alpha) = t for N, numerically by bisection in log10 N (not the closed form)
    lo, hi = 0.0, 30.0
    for _ in range(200):
        mid = (lo + hi) / 2
        val = exact_match(torch.tensor([mid], dtype=F64), L, alpha, c).item()
        lo, hi = (mid, hi) if val < t else (lo, mid)
    return (lo + hi) / 2


g = torch.Generator().manual_seed(2304_15004)
xs_case = rounded_inputs(6 + 7 * torch.rand(12, generator=g, dtype=F64), 4)
LOG_BINOM_NK = [(10, 0), (10, 3), (30, 15), (41, 21), (201, 100)]
XS = torch.tensor([7 + 0.25 * i for i in range(21)], dtype=F64)

write_reference(
    __file__,
    # float32 exp/log against float64: largest measured error about 2e-6 (absolute) on these inputs
    tolerance={"atol": 2e-5, "rtol": 1e-4},
    inputs={"log10n": xs_case, "log_binom_nk": LOG_BINOM_NK},
    cases={
        "token_loss": token_loss(xs_case),
        "token_accuracy": token_acc(xs_case),
        "token_accuracy_alpha_0.3": token_acc(xs_case, -0.3, 1e8),
        "exact_match_5": exact_match(xs_case, 5),
        "exact_match_30": exact_match(xs_case, 30),
        "expected_wrong_10": expected_wrong(xs_case, 10),
        "at_least_8_of_10": at_least_k(xs_case, 10, 8),
        "at_least_3_of_4": at_least_k(xs_case, 4, 3),
        "at_least_10_of_10": at_least_k(xs_case, 10, 10),
        "log10n_at": [log10_n_at(t, L) for t, L in [(0.1, 1), (0.9, 1), (0.5, 10), (0.01, 30)]],
        # ln C(n, k) from torch.lgamma (the TypeScript sums logs term by term); reasoning/ imports it too
        "log_binom": [
            (torch.lgamma(torch.tensor(n + 1.0, dtype=F64)) - torch.lgamma(torch.tensor(k + 1.0, dtype=F64))
             - torch.lgamma(torch.tensor(n - k + 1.0, dtype=F64))).item()
            for n, k in LOG_BINOM_NK
        ],
    },
    main={"emergence": {
        "逐 token 正确率 p": token_acc(XS),
        "exact match，L = 5": exact_match(XS, 5),
        "exact match，L = 10": exact_match(XS, 10),
        "exact match，L = 30": exact_match(XS, 30),
        "答错 token 数的期望，L = 10": expected_wrong(XS, 10),
        "答错 token 数的期望，L = 30": expected_wrong(XS, 30),
        "L = 10 时至少 5 个对": at_least_k(XS, 10, 5),
        "L = 10 时至少 8 个对": at_least_k(XS, 10, 8),
        "L = 10 时 10 个全对": at_least_k(XS, 10, 10),
    }},
    notes={"model": "Schaeffer et al. 2023 §2 toy model, alpha = -0.5, c = 3e7 (illustrative)"},
)
