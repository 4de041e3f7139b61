"""Expected outputs for snippets/ffn/ffn.ts.

Oracles, all independent of the TypeScript formulas:
- GELU exact: F.gelu(x) (approximate='none'), cross-checked here against x/2 * (1 + torch.erf(x/sqrt 2));
- GELU tanh: F.gelu(x, approximate='tanh');
- x * sigmoid(1.702 x) and Swish_beta: through F.silu, using Swish_beta(x) = F.silu(beta x) / beta;
  beta = 0 is the limit x / 2;
- FFN: F.linear (weights stored as the paper's x W, so F.linear gets W.T) with F.relu / F.gelu.
Computed in float64, so the tolerance measures the float32 error of the TypeScript.
Run: bash scripts/gen-reference.sh ffn
"""
import math

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference


def swish(x, beta):
    return 0.5 * x if beta == 0 else F.silu(beta * x) / beta


def ffn(x, w1, b1, w2, b2, act):
    return F.linear(act(F.linear(x, w1.t(), b1)), w2.t(), b2)


g = torch.Generator().manual_seed(1606_08415)
x_act = rounded_inputs(3 * torch.randn(64, generator=g, dtype=F64))
x_act[:5] = torch.tensor([0.0, -1.2785, 2.7, -2.7, 8.0], dtype=F64)  # 0, near SiLU's minimum, where tanh is worst, a large one
x_act = rounded_inputs(x_act)
x = rounded_inputs(torch.randn(6, 16, generator=g, dtype=F64))
w1 = rounded_inputs(0.25 * torch.randn(16, 64, generator=g, dtype=F64))
b1 = rounded_inputs(0.1 * torch.randn(64, generator=g, dtype=F64))
w2 = rounded_inputs(0.125 * torch.randn(64, 16, generator=g, dtype=F64))
b2 = rounded_inputs(0.1 * torch.randn(16, generator=g, dtype=F64))

exact = F.gelu(x_act)
assert torch.allclose(exact, x_act / 2 * (1 + torch.erf(x_act / math.sqrt(2))), atol=1e-12, rtol=0)

# main(): the literal grid in ffn.ts, x = -4 + 0.1 i, i = 0 .. 80
grid = -4 + 0.1 * torch.arange(81, dtype=F64)

write_reference(
    __file__,
    # float32 vs this float64 answer, measured on cpu/wasm (SNIPPETS_REPORT_ERROR=1): max abs error about 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"x_act": x_act, "x": x, "w1": w1, "b1": b1, "w2": w2, "b2": b2},
    cases={
        "gelu": exact,
        "gelu_tanh": F.gelu(x_act, approximate="tanh"),
        "gelu_sigmoid": swish(x_act, 1.702),
        "swish_0": swish(x_act, 0),
        "swish_0.5": swish(x_act, 0.5),
        "swish_1": swish(x_act, 1),
        "swish_4": swish(x_act, 4),
        "ffn_relu": ffn(x, w1, b1, w2, b2, F.relu),
        "ffn_gelu": ffn(x, w1, b1, w2, b2, F.gelu),
        "ffn_gelu_no_bias": ffn(x, w1, None, w2, None, F.gelu),
    },
    main={
        "ffn": {
            "ReLU": F.relu(grid),
            "GELU（erf）": F.gelu(grid),
            "GELU（tanh 近似）": F.gelu(grid, approximate="tanh"),
            "xσ(1.702x)": swish(grid, 1.702),
            "SiLU（β = 1）": F.silu(grid),
            "Swish β = 4": swish(grid, 4),
        }
    },
    notes={"gelu_exact": "F.gelu(approximate='none'), equal to x/2 (1 + torch.erf(x / sqrt 2)) within 1e-12"},
)
