"""Expected outputs for snippets/int8/int8.ts.

Oracles, independent of the TypeScript:
- INT8 absmax codes: torch.quantize_per_tensor / torch.quantize_per_channel (qint8, zero point 0,
  scale = absmax / 127), read back with int_repr() and q_scale() / q_per_channel_scales().
- FP16: Tensor.to(torch.float16) (IEEE round-to-nearest-even), read back into float64.
- LLM.int8() decomposition: the outlier columns are *selected* by index (not masked) and multiplied in
  float16-rounded values; the rest is an integer matmul of the int_repr() codes in int64, rescaled by
  the outer product of the per-row scales (Dettmers et al. 2022, arXiv 2208.07339, section 3).
- Matmuls in float64, so the tolerance measures the float32 error of the TypeScript.
Inputs for main() come from the same minstd generator as pseudoNormal() in int8.ts (input generation
only; none of the maths under test).
Run: bash scripts/gen-reference.sh int8
"""

import math

import torch

from refio import F64, minstd_normal, rounded_inputs, write_reference




def q_tensor(t):
    """absmax per tensor through torch's own quantizer: returns (dequantized float64, codes, scale)."""
    scale = max(t.abs().max().item(), 1e-12) / 127
    q = torch.quantize_per_tensor(t.float(), scale, 0, torch.qint8)
    codes = q.int_repr().to(F64)
    return codes * q.q_scale(), codes, torch.tensor([[q.q_scale()]], dtype=F64)


def q_row(t):
    """absmax per row (axis 0) through torch.quantize_per_channel."""
    scales = t.abs().amax(dim=1).clamp_min(1e-12) / 127
    q = torch.quantize_per_channel(t.float(), scales, torch.zeros(t.shape[0], dtype=torch.long), 0, torch.qint8)
    codes = q.int_repr().to(F64)
    s = q.q_per_channel_scales().to(F64).unsqueeze(1)
    return codes * s, codes, s


def fp16(t):
    return t.to(torch.float16).to(F64)


def llm_int8(x, w, threshold=6.0):
    cols = (x.abs().amax(dim=0) >= threshold).nonzero().flatten()
    rest = [j for j in range(x.shape[1]) if j not in set(cols.tolist())]
    y16 = fp16(x[:, cols]) @ fp16(w[:, cols]).T
    _, cx, sx = q_row(x[:, rest])
    _, cw, sw = q_row(w[:, rest])
    acc = cx.long() @ cw.long().T  # exact integer accumulation
    return y16 + acc.to(F64) * (sx @ sw.T)


def scheme(x, w, name):
    if name == "fp16":
        return fp16(x) @ fp16(w).T
    if name == "w8-tensor":
        return x @ q_tensor(w)[0].T
    if name == "w8-row":
        return x @ q_row(w)[0].T
    if name == "w8a8-tensor":
        return q_tensor(x)[0] @ q_row(w)[0].T
    if name == "w8a8-token":
        return q_row(x)[0] @ q_row(w)[0].T
    return llm_int8(x, w)


def rel(y_hat, y):
    return (torch.linalg.matrix_norm(y_hat - y) / torch.linalg.matrix_norm(y)).item()


SCHEMES = ["fp16", "w8-tensor", "w8-row", "w8a8-tensor", "w8a8-token", "llm-int8"]

# ---------------------------------------------------------------- test inputs
g = torch.Generator().manual_seed(2208_07339)
tx = torch.randn(8, 16, generator=g, dtype=F64)
tx[:, 3] += 9.0  # one outlier feature dimension (|x| >= 6 in every row)
tx = rounded_inputs(tx)
tw = rounded_inputs(0.05 * torch.randn(12, 16, generator=g, dtype=F64) * torch.linspace(0.3, 2.0, 12, dtype=F64)[:, None])
# FP16 rounding: ties (2049 -> 2048, 2051 -> 2052), powers of two and their neighbours, subnormals, the max
fp16_in = torch.tensor(
    [[1.0, 2049.0, 2051.0, 1 / 3, -0.1, 65504.0, 1e-5, 6e-8],
     [2.0 ** -14, 2.0 ** -15, 0.99951171875, 1.00048828125, 3.14159265, -1234.5678, 0.0, 7.0e-6]],
    dtype=F64,
)
fp16_in = torch.tensor(fp16_in.float().tolist(), dtype=F64)  # exactly representable in float32

cases = {
    "fp16_round": fp16(fp16_in),
    "w_tensor_codes": q_tensor(tw)[1],
    "w_tensor_scale": q_tensor(tw)[2],
    "w_row_codes": q_row(tw)[1],
    "w_row_scale": q_row(tw)[2],
}
for name in SCHEMES:
    cases[f"matmul_{name}"] = scheme(tx, tw, name)

# ---------------------------------------------------------------- main(): same literals as int8.ts
n_tok, d_in, d_out = 16, 64, 32
w_flat = minstd_normal(d_out * d_in, 20220815)
w = torch.tensor(w_flat, dtype=F64).reshape(d_out, d_in) * 0.02
w = w * (0.25 + 1.75 * torch.arange(d_out, dtype=F64) / (d_out - 1))[:, None]
w = w.float().to(F64)  # the TypeScript holds these in float32
x = torch.tensor(minstd_normal(n_tok * d_in, 22081507), dtype=F64).reshape(n_tok, d_in)
x_out = x.clone()
x_out[:, 5] += 20.0
x, x_out = x.float().to(F64), x_out.float().to(F64)

main_errors = {}
for key, xs in [("矩阵乘的相对误差：无离群维", x), ("矩阵乘的相对误差：X 第 5 维 ≈ 20", x_out)]:
    y = xs @ w.T
    main_errors[key] = [rel(scheme(xs, w, name), y) for name in SCHEMES]

# roofline: H100 SXM dense peaks (NVIDIA H100 architecture whitepaper, Table 1; bandwidth from the datasheet),
# 4096 x 4096 weight, b tokens; bytes = weights only
bw, f16, i8, d = 3.35e12, 989.4e12, 1978.9e12, 4096
batches = [1, 16, 64, 128, 256, 512, 1024, 2048]


def t(b, weight_bytes, peak):
    return max(weight_bytes / bw, 2 * b * d * d / peak)


w8a16 = [t(b, 2 * d * d, f16) / t(b, d * d, f16) for b in batches]
w8a8 = [t(b, 2 * d * d, f16) / t(b, d * d, i8) for b in batches]

write_reference(
    __file__,
    # float32 vs float64 measured on cpu/wasm: below 1e-6 absolute on the matmuls; the relative
    # errors agree to about 1e-5 relative (an INT8 code flipping at a rounding tie would move them less than 1e-3)
    tolerance={"atol": 1e-5, "rtol": 1e-3},
    inputs={"x": tx, "w": tw, "fp16_in": fp16_in},
    cases=cases,
    main={
        "int8": {
            **main_errors,
            "屋顶线估算：W8A16 相对 FP16 的提速（H100 SXM，4096×4096）": w8a16,
            "屋顶线估算：W8A8 相对 FP16 的提速（H100 SXM，4096×4096）": w8a8,
        }
    },
    notes={"torch": torch.__version__},
)
