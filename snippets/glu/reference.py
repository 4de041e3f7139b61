"""Expected outputs for snippets/glu/glu.ts.

Oracles, all independent of the TypeScript:
- FFN_GLU: torch.nn.functional.glu on the concatenation [xV, xW] (F.glu(a, b) = a * sigmoid(b), a the first
  half), then F.linear with W2; the other variants use F.relu, F.gelu (approximate "none" and "tanh"),
  F.silu and the identity on F.linear(x, W^T), multiplied by F.linear(x, V^T), then F.linear with W2.
- llamaHiddenDim: Hugging Face's compute_intermediate_size from
  transformers/models/llama/convert_llama_weights_to_hf.py, written with integer floor division:
  multiple_of * ((int(ffn_dim_multiplier * int(8 * n / 3)) + multiple_of - 1) // multiple_of).
- main(): torch.sigmoid, F.relu, F.gelu, F.silu on the same grid (-4.0 .. 4.0, step 0.1).
float64 throughout. Run: bash scripts/gen-reference.sh glu
"""

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference

g = torch.Generator().manual_seed(2002_05202)
d, d_ff, tokens = 8, 12, 5
x = rounded_inputs(torch.randn(tokens, d, generator=g, dtype=F64))
# Weights ~ N(0, 1/d) so that xW has unit scale and the activations are exercised on both sides of 0
W = rounded_inputs(torch.randn(d, d_ff, generator=g, dtype=F64) / d**0.5)
V = rounded_inputs(torch.randn(d, d_ff, generator=g, dtype=F64) / d**0.5)
W2 = rounded_inputs(torch.randn(d_ff, d, generator=g, dtype=F64) / d_ff**0.5)


def proj(inp, weight):  # inp @ weight with weight stored [in, out], via F.linear's [out, in]
    return F.linear(inp, weight.T)


gate_pre, value = proj(x, W), proj(x, V)
cases = {
    "ffn_glu": proj(F.glu(torch.cat([value, gate_pre], dim=-1), dim=-1), W2),
    "ffn_bilinear": proj(gate_pre * value, W2),
    "ffn_reglu": proj(F.relu(gate_pre) * value, W2),
    "ffn_geglu": proj(F.gelu(gate_pre) * value, W2),
    "ffn_geglu_tanh": proj(F.gelu(gate_pre, approximate="tanh") * value, W2),
    "ffn_swiglu": proj(F.silu(gate_pre) * value, W2),
}


def compute_intermediate_size(n, ffn_dim_multiplier=1, multiple_of=256):
    return multiple_of * ((int(ffn_dim_multiplier * int(8 * n / 3)) + multiple_of - 1) // multiple_of)


# (d, multiple_of, ffn_dim_multiplier or None): LLaMA 7B, Llama 3 8B / 70B, Llama 3.1 405B, and two
# made-up widths that are not multiples of 3 or of multiple_of
hidden_configs = [[4096, 256, None], [4096, 1024, 1.3], [8192, 4096, 1.3], [16384, 4096, 1.2], [768, 64, None], [1000, 128, 1.5]]
cases["llama_hidden_dim"] = [
    compute_intermediate_size(n, 1 if mult is None else mult, multiple_of) for n, multiple_of, mult in hidden_configs
]
param_configs = [[4096, 16384], [4096, 11008], [768, 3072], [768, 2048]]
cases["dense_ffn_params"] = [2 * a * b for a, b in param_configs]
cases["glu_ffn_params"] = [3 * a * b for a, b in param_configs]

z = torch.arange(-40, 41, dtype=F64) / 10  # the grid main() builds: (i - 40) / 10

write_reference(
    __file__,
    # float32 vs float64, measured on cpu/wasm with SNIPPETS_REPORT_ERROR=1: max abs error about 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={
        "x": x, "W": W, "V": V, "W2": W2,
        "hidden_configs": [[n, m, -1 if mult is None else mult] for n, m, mult in hidden_configs],
        "param_configs": param_configs,
    },
    cases=cases,
    main={
        "glu": {
            "σ(z)：GLU 的门": torch.sigmoid(z),
            "max(0, z)：ReGLU": F.relu(z),
            "GELU(z)：GEGLU": F.gelu(z),
            "Swish₁(z)：SwiGLU": F.silu(z),
        }
    },
    notes={"hidden_configs": "[d, multiple_of, ffn_dim_multiplier]; -1 means no ffn_dim_multiplier"},
)
