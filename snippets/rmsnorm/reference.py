"""Expected outputs for snippets/rmsnorm/rmsnorm.ts.

LayerNorm: torch.nn.functional.layer_norm; its statistics: Tensor.mean and torch.var(correction=0)
(the biased variance nn.LayerNorm documents), computed apart from F.layer_norm. RMSNorm: torch.nn.functional.rms_norm when this torch has
it (added in torch 2.4); otherwise the LLaMA reference formula x * torch.rsqrt(x.pow(2).mean(-1) + eps)
* weight. Which one ran is recorded in reference.json ("notes.rms_norm_impl").
Computed in float64, so the tolerance measures the float32 error of the TypeScript.
Run: bash scripts/gen-reference.sh rmsnorm
"""

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference


if hasattr(F, "rms_norm"):
    RMS_IMPL = "torch.nn.functional.rms_norm"

    def rms_norm(x, weight, eps=1e-6):
        return F.rms_norm(x, (x.shape[-1],), weight, eps)
else:
    RMS_IMPL = f"manual LLaMA formula (torch {torch.__version__} has no F.rms_norm)"

    def rms_norm(x, weight, eps=1e-6):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def layer_norm(x, gamma, beta, eps=1e-5):
    return F.layer_norm(x, (x.shape[-1],), gamma, beta, eps)


g = torch.Generator().manual_seed(1910_07467)
x = rounded_inputs(torch.randn(4, 16, generator=g, dtype=F64))
x += torch.tensor([[0.0], [2.0], [-1.0], [0.0]], dtype=F64)  # rows with non-zero mean
x[3] *= 1e-3  # tiny row: here eps matters, so eps inside vs outside the sqrt gives different outputs
x = rounded_inputs(x, 7)
weight = rounded_inputs(1 + 0.1 * torch.randn(16, generator=g, dtype=F64))
gamma = rounded_inputs(1 + 0.1 * torch.randn(16, generator=g, dtype=F64))
beta = rounded_inputs(0.1 * torch.randn(16, generator=g, dtype=F64))

# main(): the literal rows and g in rmsnorm.ts
row = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 0.5, 1.5], dtype=F64)
main_x = torch.stack([row, row + 3])
main_g = torch.tensor([1.0, 0.5, 1.5, 1.0, 2.0, 1.0, 0.8, 1.2], dtype=F64)
main_ln = layer_norm(main_x, main_g, torch.zeros(8, dtype=F64))
main_rms = rms_norm(main_x, main_g)

write_reference(
    __file__,
    # float32 vs this float64 answer, measured on cpu/wasm: max abs error below 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"x": x, "weight": weight, "gamma": gamma, "beta": beta},
    cases={
        "rms_norm": rms_norm(x, weight),
        "rms_norm_eps1e-2": rms_norm(x, weight, 1e-2),
        "layer_norm": layer_norm(x, gamma, beta),
        "layer_norm_eps1e-2": layer_norm(x, gamma, beta, 1e-2),
        "stats_mean": x.mean(dim=-1),
        "stats_variance": torch.var(x, dim=-1, correction=0),
    },
    main={
        "rmsnorm": {
            "LayerNorm(x)": main_ln[0],
            "LayerNorm(x + 3)": main_ln[1],
            "RMSNorm(x)": main_rms[0],
            "RMSNorm(x + 3)": main_rms[1],
        }
    },
    notes={"rms_norm_impl": RMS_IMPL},
)
