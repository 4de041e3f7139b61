"""Expected outputs for snippets/norm-position/norm-position.ts.

The oracle is torch.autograd on a stack written with F.layer_norm (no affine, eps 1e-5), F.relu and
matrix products, in float64: the gradients are never derived by hand, so they can disagree with
tf.grads in the TypeScript. Cases use weights drawn with torch.randn; main() uses weights from the
mulberry32 generator, re-implemented here with Python integers (it only generates data; the tests
also check the TypeScript generator against this one).
Run: bash scripts/gen-reference.sh norm-position
"""
import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference

M32 = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M32

    def imul(a, b):
        return (a * b) & M32

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = imul(state ^ (state >> 15), state | 1)
        t = ((t + imul(t ^ (t >> 7), t | 61)) & M32) ^ t
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return nxt


def init_stack(seed, L, d, h, n):
    rand = mulberry32(seed)

    def uniform(rows, cols, a):
        return torch.tensor([[(2 * rand() - 1) * a for _ in range(cols)] for _ in range(rows)], dtype=F64)

    W1, W2 = [], []
    for _ in range(L):
        W1.append(uniform(d, h, (3 / d) ** 0.5))
        W2.append(uniform(h, d, (3 / h) ** 0.5))
    return W1, W2, uniform(n, d, 3**0.5), uniform(n, d, 3**0.5)


def ln(x):
    return F.layer_norm(x, (x.shape[-1],), eps=1e-5)


def forward(kind, x, W1, W2):
    for w1, w2 in zip(W1, W2):
        if kind == "post":
            x = ln(x + F.relu(x @ w1) @ w2)
        else:
            x = x + F.relu(ln(x) @ w1) @ w2
    return x if kind == "post" else ln(x)


def grad_norms(kind, x0, target, W1, W2):
    W2 = [w.clone().requires_grad_(True) for w in W2]
    z = forward(kind, x0, W1, W2)
    loss = 0.5 * ((z - target) ** 2).sum() / x0.shape[0]
    grads = torch.autograd.grad(loss, W2)
    return torch.stack([torch.linalg.matrix_norm(g) for g in grads])


# cases: a small stack from torch.randn, scaled like the TypeScript init (variance 1/fan_in)
L, d, h, n = 6, 8, 16, 4
g = torch.Generator().manual_seed(2004_08249)
W1 = [rounded_inputs(torch.randn(d, h, generator=g, dtype=F64) / d**0.5, 6) for _ in range(L)]
W2 = [rounded_inputs(torch.randn(h, d, generator=g, dtype=F64) / h**0.5, 6) for _ in range(L)]
x0 = rounded_inputs(torch.randn(n, d, generator=g, dtype=F64))
target = rounded_inputs(torch.randn(n, d, generator=g, dtype=F64))

# the generator: first numbers of seed 1 and a tiny stack, checked against the TypeScript
rand1 = mulberry32(1)
tiny_W1, tiny_W2, tiny_x0, tiny_y = init_stack(7, 2, 3, 4, 2)

# main(): exactly the stack main() builds
mW1, mW2, mx0, my = init_stack(2002_04745, 12, 16, 32, 16)

write_reference(
    __file__,
    # float32 vs this float64 answer, measured on cpu/wasm: max abs error 2.1e-6 (main, gradient norms
    # of size 1-5) and 4.3e-7 (forward outputs); atol 1e-5 covers both with room
    tolerance={"atol": 1e-5, "rtol": 1e-4},
    inputs={"W1": W1, "W2": W2, "x0": x0, "target": target},
    cases={
        "forward_post": forward("post", x0, W1, W2),
        "forward_pre": forward("pre", x0, W1, W2),
        "grad_norms_post": grad_norms("post", x0, target, W1, W2),
        "grad_norms_pre": grad_norms("pre", x0, target, W1, W2),
        "mulberry32_seed1": [rand1() for _ in range(5)],
        "init_seed7_W1": tiny_W1,
        "init_seed7_W2": tiny_W2,
        "init_seed7_x0": tiny_x0,
        "init_seed7_target": tiny_y,
    },
    main={
        "norm-position": {
            "Post-LN": grad_norms("post", mx0, my, mW1, mW2),
            "Pre-LN": grad_norms("pre", mx0, my, mW1, mW2),
        }
    },
    notes={
        "model": "each layer is one FFN sublayer ReLU(x W1) W2, no attention; LN without affine, eps 1e-5",
        "loss": "sum((z - y)^2) / (2n)",
    },
)
