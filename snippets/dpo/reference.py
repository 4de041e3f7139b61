"""Expected outputs for snippets/dpo/dpo.ts.

Oracle: torch.nn.functional.logsigmoid, written the way TRL's DPOTrainer computes its "sigmoid" loss
(chosen_logratios - rejected_logratios -> -F.logsigmoid(beta * logits), label_smoothing = 0) and
TRL's CPOTrainer computes loss_type="simpo" (logits - simpo_gamma / beta inside -F.logsigmoid(beta * .)),
with rewards as TRL logs them (beta * (policy - reference), accuracies = chosen > rejected).
The gradient weight sigma(-beta*delta) is not computed by formula: it comes from torch.autograd
(d loss / d delta = -beta * sigma(-beta*delta)), divided by -beta. IPO: (delta - 1/(2 tau))**2, IPO eq. (17).
Run: bash scripts/gen-reference.sh dpo
"""

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference


def trl_sigmoid_loss(pc, pr, rc, rr, beta):
    chosen_logratios = pc - rc
    rejected_logratios = pr - rr
    logits = chosen_logratios - rejected_logratios
    return -F.logsigmoid(beta * logits)


def trl_simpo_loss(avg_c, avg_r, beta, gamma):
    logits = (avg_c - avg_r) - gamma / beta
    return -F.logsigmoid(beta * logits)


def autograd_weight(delta, beta):
    d = delta.clone().requires_grad_(True)
    (-F.logsigmoid(beta * d)).sum().backward()
    return (d.grad / -beta).detach()


def seq(tok, mask):
    return (tok * mask).sum(-1), mask.sum(-1)


g = torch.Generator().manual_seed(2305_18290)
B, T = 8, 7
lengths_w = torch.randint(2, T + 1, (B,), generator=g)
lengths_l = torch.randint(2, T + 1, (B,), generator=g)
ar = torch.arange(T)
mask_w = (ar[None, :] < lengths_w[:, None]).to(F64)
mask_l = (ar[None, :] < lengths_l[:, None]).to(F64)
tok_pi_w = rounded_inputs(-torch.rand(B, T, generator=g, dtype=F64) * 2)
tok_ref_w = rounded_inputs(-torch.rand(B, T, generator=g, dtype=F64) * 2)
tok_pi_l = rounded_inputs(-torch.rand(B, T, generator=g, dtype=F64) * 2)
tok_ref_l = rounded_inputs(-torch.rand(B, T, generator=g, dtype=F64) * 2)

pw, lw = seq(tok_pi_w, mask_w)
pl, ll = seq(tok_pi_l, mask_l)
rw, _ = seq(tok_ref_w, mask_w)
rl, _ = seq(tok_ref_l, mask_l)
delta = (pw - rw) - (pl - rl)

cases = {
    "seq_sum_w": pw, "seq_len_w": lw,
    "delta": delta,
    "ipo_tau0.1": (delta - 1 / (2 * 0.1)) ** 2,
    "simpo_b2_g1": trl_simpo_loss(pw / lw, pl / ll, 2.0, 1.0),
    "simpo_b2.5_g0": trl_simpo_loss(pw / lw, pl / ll, 2.5, 0.0),
}
for beta in (0.1, 0.5):
    cases[f"dpo_{beta}"] = trl_sigmoid_loss(pw, pl, rw, rl, beta)
    cases[f"reward_chosen_{beta}"] = beta * (pw - rw)
    cases[f"reward_rejected_{beta}"] = beta * (pl - rl)
    cases[f"accuracy_{beta}"] = (beta * (pw - rw) > beta * (pl - rl)).to(F64).mean()
    cases[f"margin_{beta}"] = (beta * (pw - rw) - beta * (pl - rl)).mean()
    cases[f"weight_{beta}"] = autograd_weight(delta, beta)

# main(): the Δ grid of dpo.ts
grid = torch.arange(41, dtype=F64) * 0.5 - 10
zero = torch.zeros_like(grid)

write_reference(
    __file__,
    # float32 vs float64: sums of <= 7 values in [-2, 0] and logsigmoid; errors measured below 1e-5
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"tok_pi_w": tok_pi_w, "tok_ref_w": tok_ref_w, "tok_pi_l": tok_pi_l, "tok_ref_l": tok_ref_l,
            "mask_w": mask_w, "mask_l": mask_l},
    cases=cases,
    main={
        "dpo": {
            "DPO 损失，β = 0.1": trl_sigmoid_loss(grid, zero, zero, zero, 0.1),
            "DPO 损失，β = 0.5": trl_sigmoid_loss(grid, zero, zero, zero, 0.5),
            "梯度权重 σ(−βΔ)，β = 0.1": autograd_weight(grid, 0.1),
            "梯度权重 σ(−βΔ)，β = 0.5": autograd_weight(grid, 0.5),
        }
    },
    notes={"oracle": "F.logsigmoid as in TRL DPOTrainer (sigmoid) and CPOTrainer (simpo); weight via autograd"},
)
