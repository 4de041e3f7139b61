"""Expected outputs for snippets/calibration/calibration.ts.

Binning: torch.bucketize against the M−1 interior edges linspace(0, 1, M+1)[1:-1] with right=False,
which puts p̂ in bin m exactly when edge[m−1] < p̂ ≤ edge[m], i.e. I_m = ((m−1)/M, m/M] of Guo et al.
2017 (arXiv 1706.04599) §2; per-bin sums by Tensor.index_add_, not by one-hot matrices as in the
TypeScript. Confidence: torch.softmax(z / T).max(-1); NLL: F.cross_entropy; Brier: F.mse_loss against
the 0/1 correctness. ECE and MCE are written from the definitions in §2 of the paper.
The script asserts that no confidence lies within 1e-4 of a bin edge, so float32 in the TypeScript
cannot move a sample to a neighbouring bin. Run: bash scripts/gen-reference.sh calibration
"""

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference

M = 10
EDGES = torch.linspace(0, 1, M + 1, dtype=F64)[1:-1]


def bins(conf, correct, num_bins=M):
    edges = torch.linspace(0, 1, num_bins + 1, dtype=F64)[1:-1]
    idx = torch.bucketize(conf, edges, right=False)
    count = torch.zeros(num_bins, dtype=F64).index_add_(0, idx, torch.ones_like(conf))
    acc_sum = torch.zeros(num_bins, dtype=F64).index_add_(0, idx, correct)
    conf_sum = torch.zeros(num_bins, dtype=F64).index_add_(0, idx, conf)
    safe = count.clamp(min=1)
    acc = torch.where(count > 0, acc_sum / safe, torch.zeros_like(count))
    cf = torch.where(count > 0, conf_sum / safe, torch.zeros_like(count))
    return idx, count, acc, cf


def ece_mce(count, acc, cf):
    gap = (acc - cf).abs()
    ece = (count / count.sum() * gap).sum()
    mce = gap[count > 0].max()
    return ece, mce


def scaled(logits, labels, t):
    p = torch.softmax(logits / t, dim=-1)
    conf, pred = p.max(dim=-1)
    correct = (pred == labels).to(F64)
    nll = F.cross_entropy(logits / t, labels)
    return conf, correct, nll


# the literal data in calibration.ts
LOGITS = [
    [1.7, -0.4, -0.7, 0.3], [0.2, 1.8, 0.8, -0.6], [-0.8, -0.2, 1.9, 0.7], [0.3, 0.9, 0.2, 2.7],
    [3.1, 0.1, -0.7, -0.2], [0.6, 3.4, -0.6, 0.2], [0.1, -0.9, 2.1, -0.9], [0.6, -0.1, 0.8, 2.6],
    [2.4, -0.6, 0.6, -0.8], [0.5, 1.9, -0.4, 1.0], [-0.7, 0.0, 3.5, -0.9], [0.6, 0.6, -0.3, 2.6],
    [3.6, -0.9, -0.8, -0.5], [0.5, 3.5, -0.4, 0.2], [0.4, 0.8, 4.3, -0.3], [0.2, 0.0, -0.6, 2.4],
    [2.8, -0.2, 0.7, -0.8], [0.6, 2.7, 0.7, -0.4], [0.8, 0.9, 2.0, -0.7], [-0.5, 0.0, 0.2, 2.3],
    [4.4, -0.2, -0.3, 0.1], [0.9, 2.9, 0.3, 0.5], [0.6, -0.2, 1.8, -0.2], [-0.6, 1.0, -0.1, 1.8],
    [2.6, -1.0, -0.7, -0.8], [0.7, 2.3, 0.2, -0.7], [-0.3, -0.8, 4.5, 0.7], [0.0, -0.8, -0.8, 2.5],
    [4.4, 0.7, -0.7, -1.0], [-0.7, 3.1, 0.1, -0.9], [0.4, -0.5, 2.0, -0.3], [0.1, 0.0, 0.3, 3.3],
    [2.2, 0.6, 0.6, 0.5], [0.5, 2.9, 1.0, 0.6], [0.2, -0.3, 3.7, 0.6], [0.9, -0.8, -0.8, 2.9],
    [1.5, 0.0, 1.0, 0.2], [0.6, 4.2, -0.8, 0.3], [0.0, -0.6, 2.5, 0.6], [-0.2, -0.2, 0.9, 3.7],
]
LABELS = [2, 2, 2, 0, 3, 1, 0, 3, 2, 3, 1, 1, 0, 1, 2, 1, 1, 1, 2, 3, 3, 0, 3, 0, 0, 1, 2, 3, 0, 2,
          1, 0, 2, 1, 2, 3, 2, 2, 1, 3]
TEMPERATURES = [1, 1.5, 2, 3, 4]
main_logits = torch.tensor(LOGITS, dtype=F64)
main_labels = torch.tensor(LABELS)

ece_by_t = []
for t in TEMPERATURES:
    conf, correct, _ = scaled(main_logits, main_labels, t)
    assert (conf.unsqueeze(1) - EDGES).abs().min() > 1e-4, f"confidence near a bin edge at T={t}"
    _, count, acc, cf = bins(conf, correct)
    ece_by_t.append(ece_mce(count, acc, cf)[0])
conf1, correct1, _ = scaled(main_logits, main_labels, 1.0)
_, count1, acc1, cf1 = bins(conf1, correct1)

# test cases: random confidences in (0.05, 1), away from the edges, with 0/1 correctness
g = torch.Generator().manual_seed(1706_04599)
conf = rounded_inputs(0.05 + 0.95 * torch.rand(64, generator=g, dtype=F64), 4)
conf = torch.where((conf.unsqueeze(1) - EDGES).abs().min(1).values < 1e-3, conf + 2e-3, conf)
conf = rounded_inputs(conf, 4)
correct = rounded_inputs((torch.rand(64, generator=g, dtype=F64) < conf).to(F64))
idx, count, acc, cf = bins(conf, correct)
ece, mce = ece_mce(count, acc, cf)
_, count5, acc5, cf5 = bins(conf, correct, 5)
ece5, mce5 = ece_mce(count5, acc5, cf5)
t_conf, t_correct, t_nll = scaled(main_logits, main_labels, 2.0)

write_reference(
    __file__,
    # float32 softmax/means vs float64: max abs error measured below 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"conf": conf, "correct": correct},
    cases={
        "bin_index": idx.to(F64),
        "count": count, "accuracy": acc, "confidence": cf, "ece": ece, "mce": mce,
        "count_5": count5, "accuracy_5": acc5, "confidence_5": cf5, "ece_5": ece5, "mce_5": mce5,
        "brier": F.mse_loss(conf, correct),
        "t2_confidence": t_conf, "t2_correct": t_correct, "t2_nll": t_nll,
    },
    main={"calibration": {
        "bin accuracy (T = 1)": acc1,
        "bin confidence (T = 1)": cf1,
        "bin count (T = 1)": count1,
        "ECE vs T (1, 1.5, 2, 3, 4)": torch.stack(ece_by_t),
    }},
    notes={"binning": "torch.bucketize(conf, linspace(0,1,M+1)[1:-1], right=False): bins ((m-1)/M, m/M]"},
)
