"""Expected outputs for snippets/sinusoidal/sinusoidal.ts.

The encoding is built the way the Annotated Transformer does it (div_term = exp(arange(0, d, 2) *
-(ln 10000 / d)), then pe[:, 0::2] = sin(position * div_term), pe[:, 1::2] = cos(...)), an
exp/log formulation independent of the TypeScript's base ** (2i/d). The offset map M(k) is not
written down here at all: it is *fitted* with torch.linalg.lstsq from pairs (PE(pos), PE(pos + k)),
so the reference checks the claim of Vaswani et al. 2017 §3.5 (PE(pos + k) is a linear function of
PE(pos)) rather than re-deriving the TypeScript's rotation blocks. float64 throughout.
Run: bash scripts/gen-reference.sh sinusoidal
"""
import math

import torch

from refio import F64, write_reference


def sinusoidal_pe(n_pos, d_model, base=10000.0):
    position = torch.arange(n_pos, dtype=F64).unsqueeze(1)  # [n_pos, 1]
    div_term = torch.exp(torch.arange(0, d_model, 2, dtype=F64) * -(math.log(base) / d_model))
    pe = torch.zeros(n_pos, d_model, dtype=F64)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)
    return pe


def fitted_offset_matrix(k, d_model, base=10000.0, n_pos=400):
    # least squares for M in PE(pos + k) = M PE(pos), i.e. rows: PE[k:] = PE[:-k] M^T
    pe = sinusoidal_pe(n_pos + k, d_model, base)
    solution = torch.linalg.lstsq(pe[:n_pos], pe[k:n_pos + k]).solution  # = M^T
    # the off-block entries come out as ~1e-16 noise that varies from run to run (LAPACK); zero
    # them so reference.json is reproducible byte for byte (the check uses atol 1e-5 anyway)
    solution = torch.where(solution.abs() < 1e-10, torch.zeros_like(solution), solution)
    return solution.T


pe_16_8 = sinusoidal_pe(16, 8)
pe_32_8 = sinusoidal_pe(32, 8)

# main(): nPos = 128, dModel = 64
pe_main = sinusoidal_pe(128, 64)

write_reference(
    __file__,
    # float32 TypeScript vs this float64 answer, measured on cpu/wasm: max abs 8e-8 on PE entries,
    # 6e-6 on the 64-dim dot products (which reach 32), max rel 1.3e-6 away from zeros
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={},
    cases={
        "frequencies_d8": torch.exp(torch.arange(0, 8, 2, dtype=F64) * -(math.log(10000.0) / 8)),
        "pe_16x8": pe_16_8,
        "pe_10x6_base100": sinusoidal_pe(10, 6, 100.0),
        "offset_k7_d8": fitted_offset_matrix(7, 8),
        "offset_k1_d8_base100": fitted_offset_matrix(1, 8, 100.0),
        "dot_profile_32x8_p0": pe_32_8 @ pe_32_8[0],
        "dot_profile_32x8_p10": pe_32_8[10:] @ pe_32_8[10],
    },
    main={
        "sinusoidal": {
            "PE 矩阵（行：位置 0–127，列：维度 0–63）": pe_main,
            "PE(0)·PE(k)，k = 0–127": pe_main @ pe_main[0],
        }
    },
    notes={"offset_matrix": "fitted by torch.linalg.lstsq on 400 (PE(pos), PE(pos + k)) pairs"},
)
