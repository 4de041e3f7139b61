"""Expected outputs for snippets/data-repetition/data-repetition.ts.

Oracle: the effective-data term of the data-constrained scaling law exactly as the authors' own code
writes it (huggingface/datablations README, "Parametric Fit": RD = max(D/U - 1, 0),
U + U * rd_star * (1 - exp(-RD / rd_star)), rd_star = 15.387756), in absolute token counts
(U = 25e9 unique tokens as in the paper's Figure 1, D = epochs * U; for D < U the unique tokens seen
are min(U, D)), and only then divided by U. The TypeScript works in units of U_D with tf.where/relu;
this one uses torch.clamp on absolute counts, so a slip in either can show. float64.
Run: bash scripts/gen-reference.sh data-repetition
"""

import torch

from refio import F64, write_reference

RD_STAR = 15.387756  # datablations README: a, b, e, alpha, beta, rd_star, rn_star = [..., 15.387756, 5.309743]
U_BASE = 25e9


def effective_data(D, U=U_BASE, rd_star=RD_STAR):
    U_seen = torch.minimum(torch.full_like(D, U), D)
    ratio = torch.where(U_seen > 0, D / U_seen.clamp(min=1), torch.ones_like(D))  # D = 0: nothing seen, D' = 0
    RD = torch.clamp(ratio - 1, min=0)
    return U_seen + U_seen * rd_star * (1 - torch.exp(-RD / rd_star))


def effective_epochs(epochs):
    return effective_data(epochs * U_BASE) / U_BASE


xs = torch.arange(1, 61, dtype=F64)
probe = torch.tensor([1, 2, 4, 8, 16, 40, 60], dtype=F64)
odd = torch.tensor([0.5, 1.0, 1.5, 3.25, 100.0, 1000.0], dtype=F64)

eff = effective_epochs(xs)
# sanity: below R* the value is close to the unique-data line, and the limit is 1 + R*
assert abs(effective_epochs(torch.tensor([1e6], dtype=F64)).item() - (1 + RD_STAR)) < 1e-6
assert abs(effective_epochs(torch.tensor([2.0], dtype=F64)).item() - (1 + RD_STAR * (1 - torch.exp(torch.tensor(-1 / RD_STAR, dtype=F64))).item())) < 1e-12

write_reference(
    __file__,
    tolerance={"atol": 1e-5, "rtol": 1e-5},  # float32 in tfjs: the largest relative error measured is about 1e-7
    inputs={"probe": probe.tolist(), "odd": odd.tolist()},
    cases={
        "effective_probe": effective_epochs(probe),
        "effective_odd": effective_epochs(odd),
        "value_probe": effective_epochs(probe) / probe,
        "marginal_probe": effective_epochs(probe) - effective_epochs(probe - 1),
        "effective_probe_rstar5": effective_data(probe * U_BASE, rd_star=5.0) / U_BASE,
    },
    main={
        "data-repetition": {
            "有效轮数 D′/U_D（重复数据）": eff,
            "全新数据（D′ = D）": xs,
            "每个 token 的价值 D′/D": eff / xs,
        }
    },
)
