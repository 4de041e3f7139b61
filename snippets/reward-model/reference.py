"""Expected outputs for snippets/reward-model/reward-model.ts.

Oracle: torch.nn.functional.binary_cross_entropy_with_logits with target 1 (the pairwise loss is a
logistic loss on the reward gap) and, independently, -F.logsigmoid for the curves; pairs of a K-way
ranking from itertools.combinations over the ranking (order-preserving, so (better, worse)).
Computed in float64. Run: bash scripts/gen-reference.sh reward-model
"""
from itertools import combinations

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference


def pairwise_loss(rc, rr, m=0.0):
    z = rc - rr - m
    return F.binary_cross_entropy_with_logits(z, torch.ones_like(z))  # mean over pairs


def ranking_loss(ranking, scores):
    pairs = list(combinations(ranking, 2))
    rc = scores[[b for b, _ in pairs]]
    rr = scores[[w for _, w in pairs]]
    return pairwise_loss(rc, rr)


g = torch.Generator().manual_seed(2203_02155)
r_chosen = rounded_inputs(torch.randn(8, generator=g, dtype=F64) + 0.5)
r_rejected = rounded_inputs(torch.randn(8, generator=g, dtype=F64))
margin = torch.tensor([3.0, 2.0, 1.0, 0.0, 3.0, 2.0, 1.0, 0.0], dtype=F64)  # per-pair, illustrative
scores_k6 = rounded_inputs(torch.randn(6, generator=g, dtype=F64))
ranking_k6 = [4, 1, 5, 0, 3, 2]

deltas = torch.tensor([-4 + 0.2 * i for i in range(41)], dtype=F64)

write_reference(
    __file__,
    # float32 softplus/sigmoid vs float64: measured max abs error ~1e-7
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={
        "r_chosen": r_chosen,
        "r_rejected": r_rejected,
        "margin": margin,
        "scores_k6": scores_k6,
        "ranking_k6": ranking_k6,
    },
    cases={
        "loss": pairwise_loss(r_chosen, r_rejected),
        "loss_margin_scalar_1": pairwise_loss(r_chosen, r_rejected, 1.0),
        "loss_margin_vector": pairwise_loss(r_chosen, r_rejected, margin),
        "accuracy": (r_chosen > r_rejected).to(F64).mean(),
        "mean_gap": (r_chosen - r_rejected).mean(),
        "prob": torch.sigmoid(r_chosen - r_rejected),
        "pairs_k6": [list(p) for p in combinations(ranking_k6, 2)],
        "ranking_loss_k6": ranking_loss(ranking_k6, scores_k6),
    },
    main={
        "reward-model": {
            "loss, m = 0": -F.logsigmoid(deltas),
            "loss, m = 1": -F.logsigmoid(deltas - 1.0),
        }
    },
)
