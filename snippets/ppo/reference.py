"""Expected outputs for snippets/ppo/ppo.ts.

Independent of the TypeScript: GAE is the reverse recursion loop of TRL's PPOTrainer.loss
(lastgaelam = delta + gamma * lam * lastgaelam), where ppo.ts uses a matrix product; the clipped
objective is torch.clamp + torch.min (TRL writes the loss as torch.max of the negated terms); the clip
fraction is TRL's pg_clipfrac, torch.gt on the negated terms; the
KL-penalised rewards follow TRL's compute_rewards (−β·(logp − ref_logp), score added at the last
index); the GRPO advantage uses Tensor.std (unbiased, G − 1). Computed in float64.
Run: bash scripts/gen-reference.sh ppo
"""
import torch

from refio import F64, rounded_inputs, write_reference


def clip_objective(ratio, adv, eps=0.2):
    return torch.min(ratio * adv, torch.clamp(ratio, 1 - eps, 1 + eps) * adv)


def clip_fraction(ratio, adv, eps=0.2):
    # TRL v0.7.4 PPOTrainer.loss: pg_clipfrac = mean(gt(pg_losses2, pg_losses)), pg_losses = −A·ρ
    pg_losses = -adv * ratio
    pg_losses2 = -adv * torch.clamp(ratio, 1.0 - eps, 1.0 + eps)
    return torch.gt(pg_losses2, pg_losses).to(F64).mean()


def ppo_loss(logp, old_logp, adv, eps=0.2):
    return -clip_objective(torch.exp(logp - old_logp), adv, eps).mean()


def kl_rewards(scores, logp, ref_logp, beta):
    rewards = -beta * (logp - ref_logp)
    for i, s in enumerate(scores):
        rewards[i, -1] += s
    return rewards


def gae(rewards, values, gamma=1.0, lam=0.95):
    T = rewards.shape[-1]
    lastgaelam = torch.zeros(rewards.shape[0], dtype=F64)
    reversed_adv = []
    for t in reversed(range(T)):
        nextvalues = values[:, t + 1] if t < T - 1 else 0.0
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam = delta + gamma * lam * lastgaelam
        reversed_adv.append(lastgaelam)
    adv = torch.stack(reversed_adv[::-1], dim=1)
    return adv, adv + values


def grpo_adv(rewards, eps=1e-4):
    return (rewards - rewards.mean(dim=1, keepdim=True)) / (rewards.std(dim=1, keepdim=True) + eps)


def k3(logp, ref_logp):
    log_ratio = ref_logp - logp
    return torch.exp(log_ratio) - log_ratio - 1


# inputs for the exported functions: 3 sequences x 5 tokens, 2 groups of 4 rewards
g = torch.Generator().manual_seed(1707_06347)
t_logp = rounded_inputs(-torch.rand(3, 5, generator=g, dtype=F64) * 2 - 0.1)
t_ref = rounded_inputs(t_logp + 0.3 * torch.randn(3, 5, generator=g, dtype=F64))
t_new = rounded_inputs(t_logp + 0.25 * torch.randn(3, 5, generator=g, dtype=F64))
t_adv = rounded_inputs(torch.randn(3, 5, generator=g, dtype=F64))
t_values = rounded_inputs(0.5 * torch.randn(3, 5, generator=g, dtype=F64))
t_scores = rounded_inputs(torch.randn(3, generator=g, dtype=F64))
t_group = rounded_inputs(torch.randn(2, 4, generator=g, dtype=F64))
t_rewards = kl_rewards(t_scores, t_logp, t_ref, 0.1)
t_gae, t_ret = gae(t_rewards, t_values, 0.99, 0.9)

# main(): the literal arrays in ppo.ts
old_logp = torch.tensor([
    [-1.2, -0.8, -2.0, -0.5, -1.5, -0.3],
    [-0.9, -1.1, -0.7, -1.8, -0.6, -1.0],
    [-1.5, -2.2, -0.4, -0.9, -1.3, -0.8],
    [-0.7, -0.5, -1.6, -1.1, -0.9, -0.4],
], dtype=F64)
ref_logp = torch.tensor([
    [-1.3, -0.9, -1.8, -0.7, -1.6, -0.5],
    [-1.0, -1.0, -0.9, -1.7, -0.8, -1.1],
    [-1.4, -2.0, -0.6, -1.0, -1.2, -0.9],
    [-0.9, -0.6, -1.5, -1.3, -1.0, -0.6],
], dtype=F64)
values = torch.tensor([
    [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    [0.2, 0.2, 0.3, 0.2, 0.1, 0.2],
    [0.0, -0.1, -0.2, -0.3, -0.3, -0.4],
    [0.4, 0.5, 0.5, 0.6, 0.7, 0.7],
], dtype=F64)
scores = torch.tensor([1.0, 0.2, -0.5, 0.8], dtype=F64)
main_adv, _ = gae(kl_rewards(scores, old_logp, ref_logp, 0.05), values, 1.0, 0.95)
main_grpo = grpo_adv(scores.view(1, 4)).view(4)
grid = torch.linspace(0.5, 1.5, 21, dtype=F64)

write_reference(
    __file__,
    # float32 vs float64, measured on cpu/wasm: max abs error about 1e-7 (GAE sums six terms)
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"logp": t_logp, "ref_logp": t_ref, "new_logp": t_new, "adv": t_adv, "values": t_values,
            "scores": t_scores, "group_rewards": t_group},
    cases={
        "clip_objective": clip_objective(torch.exp(t_new - t_logp), t_adv, 0.2),
        "clip_objective_eps0.1": clip_objective(torch.exp(t_new - t_logp), t_adv, 0.1),
        "ppo_loss": ppo_loss(t_new, t_logp, t_adv, 0.2),
        "clip_fraction": clip_fraction(torch.exp(t_new - t_logp), t_adv, 0.2),
        "clip_fraction_eps0.1": clip_fraction(torch.exp(t_new - t_logp), t_adv, 0.1),
        "kl_rewards": t_rewards,
        "gae_advantages": t_gae,
        "gae_returns": t_ret,
        "grpo_advantages": grpo_adv(t_group),
        "k3": k3(t_new, t_ref),
    },
    main={
        "ppo": {
            "GAE 优势（回答 0，逐 token）": main_adv[0],
            "GRPO 优势（回答 0，逐 token）": main_grpo[0].repeat(6),
            "L_clip(ρ)，A = +1": clip_objective(grid, torch.ones_like(grid)),
            "L_clip(ρ)，A = −1": clip_objective(grid, -torch.ones_like(grid)),
        }
    },
)
