"""Expected outputs for snippets/deepnorm/deepnorm.ts.

Oracles, independent of the TypeScript:
- alpha/beta: the formulas of microsoft/torchscale (architecture/encoder.py and decoder.py, the
  `if args.deepnorm:` branches: alpha in the layer, `init_scale` that the weights are divided by),
  ported to Python. One exception, noted in reference.json: for the encoder of an encoder-decoder
  torchscale divides by (N^4 M)^(1/16) / 1.15, i.e. multiplies by 1.15 (N^4 M)^(-1/16); the paper
  (Sec. 4.3, Appendix B, Fig. 2) prescribes 0.87 (N^4 M)^(-1/16), which the snippet follows, so the
  reference uses the paper's value there.
- the network: torch.nn.functional.layer_norm, F.relu, F.linear, attention written with
  masked_fill(-inf) + torch.softmax (the TypeScript subtracts 1e9 through tf.linalg.bandPart).
- the update: one SGD step (or sign step) along dL/dtheta of L = <F(x), r>, with the gradient from
  torch.autograd.grad (the TypeScript uses tf.grads).
- weights, data x and the loss direction r come from mulberry32, the same generator the TypeScript
  uses, so both sides start from identical numbers; this generator is input, not the computation under test.
float64 throughout. Run: bash scripts/gen-reference.sh deepnorm
"""
import math

import torch
import torch.nn.functional as F

from refio import F64, rounded_inputs, write_reference


# ---------- constants, as torchscale computes them ----------
def torchscale_constants(arch, N=0, M=0):
    if arch == "encoder":  # Encoder(is_encoder_decoder=False)
        return {"encoder": {"alpha": math.pow(2.0 * N, 0.25), "beta": 1 / math.pow(8.0 * N, 0.25)}}
    if arch == "decoder":  # Decoder(is_encoder_decoder=False)
        return {"decoder": {"alpha": math.pow(2.0 * M, 0.25), "beta": 1 / math.pow(8.0 * M, 0.25)}}
    enc_alpha = math.pow(math.pow(N, 4) * M, 0.0625) * 0.81
    enc_beta_paper = 0.87 * math.pow(math.pow(N, 4) * M, -0.0625)  # torchscale: 1.15 * (N^4 M)^(-1/16)
    return {
        "encoder": {"alpha": enc_alpha, "beta": enc_beta_paper},
        "decoder": {"alpha": math.pow(3.0 * M, 0.25), "beta": 1 / math.pow(12.0 * M, 0.25)},
    }


# ---------- the same pseudo-random numbers as mulberry32 in deepnorm.ts ----------
def mulberry32(seed):
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def rand():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return rand


def xavier_uniform(rand, fan_in, fan_out, gain):
    # the TypeScript stores float32; round the same way so both start from the same weights
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    w = torch.tensor([(2 * rand() - 1) * a for _ in range(fan_in * fan_out)], dtype=torch.float32)
    return w.to(F64).reshape(fan_in, fan_out)


NAMES = ["wq", "wk", "wv", "wo", "w1", "w2"]


def init_layer(rand, d, d_ff, beta):
    gains = [1.0, 1.0, beta, beta, beta, beta]
    shapes = [(d, d)] * 4 + [(d, d_ff), (d_ff, d)]
    return {n: xavier_uniform(rand, fi, fo, gn) for n, (fi, fo), gn in zip(NAMES, shapes, gains)}


# ---------- the network with torch's own operators ----------
def ln(x):
    return F.layer_norm(x, (x.shape[-1],), eps=1e-5)


def attention(x, p):
    T, d = x.shape
    q, k, v = F.linear(x, p["wq"].T), F.linear(x, p["wk"].T), F.linear(x, p["wv"].T)
    scores = (q @ k.T) / math.sqrt(d)
    scores = scores.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
    return F.linear(torch.softmax(scores, dim=-1) @ v, p["wo"].T)


def ffn(x, p):
    return F.linear(F.relu(F.linear(x, p["w1"].T)), p["w2"].T)


def forward(x, layers, norm, alpha=1.0):
    for p in layers:
        for G in (attention, ffn):
            if norm == "pre":
                x = x + G(ln(x), p)
            else:
                x = ln((alpha if norm == "deepnorm" else 1.0) * x + G(x, p))
    return ln(x) if norm == "pre" else x


def update_size(norm, N, seed, d=16, d_ff=64, T=8, lr=1e-3, step="sgd", alpha=None, beta=None):
    """One step along the gradient of L = <F(x), r>, from torch.autograd (the oracle for tf.grads)."""
    if norm == "deepnorm":
        c = torchscale_constants("decoder", 0, N)["decoder"]
        alpha = c["alpha"] if alpha is None else alpha
        beta = c["beta"] if beta is None else beta
    else:
        alpha, beta = 1.0, 1.0
    rand = mulberry32(seed)
    layers = [init_layer(rand, d, d_ff, beta) for _ in range(N)]

    def uniform(gen):  # float32 values, as the TypeScript stores them
        return torch.tensor([(2 * gen() - 1) * math.sqrt(3) for _ in range(T * d)],
                            dtype=torch.float32).to(F64).reshape(T, d)

    x = uniform(mulberry32(1000 + seed))
    r = uniform(mulberry32(5000 + seed))
    leaves = [{n: p[n].clone().requires_grad_(True) for n in NAMES} for p in layers]
    loss = (forward(x, leaves, norm, alpha) * r).sum()
    flat = [p[n] for p in leaves for n in NAMES]
    grads = torch.autograd.grad(loss, flat)
    with torch.no_grad():
        it = iter(grads)
        stepped = [{n: p[n] - lr * (g if step == "sgd" else torch.sign(g))
                    for n, g in zip(NAMES, (next(it) for _ in NAMES))} for p in layers]
        delta = forward(x, stepped, norm, alpha) - forward(x, layers, norm, alpha)
    return float(torch.sqrt(torch.mean(delta ** 2)))


# ---------- small fixed inputs for the tests of the exported functions ----------
g = torch.Generator().manual_seed(2203_00555)
d, d_ff, T = 8, 16, 4
x_small = rounded_inputs(torch.randn(T, d, generator=g, dtype=F64))
layers_small = [
    {n: rounded_inputs(0.3 * torch.randn(*s, generator=g, dtype=F64))
     for n, s in zip(NAMES, [(d, d)] * 4 + [(d, d_ff), (d_ff, d)])}
    for _ in range(2)
]
alpha_small = torchscale_constants("decoder", 0, 2)["decoder"]["alpha"]

consts = {
    "encoder_24": torchscale_constants("encoder", 24, 0),
    "decoder_70": torchscale_constants("decoder", 0, 70),
    "encdec_6_6": torchscale_constants("encoder-decoder", 6, 6),
    "encdec_100_100": torchscale_constants("encoder-decoder", 100, 100),
}
cases = {
    f"const_{k}_{part}_{ab}": v[part][ab]
    for k, v in consts.items() for part in v for ab in ("alpha", "beta")
}
cases.update({
    "forward_post": forward(x_small, layers_small, "post"),
    "forward_pre": forward(x_small, layers_small, "pre"),
    "forward_deepnorm": forward(x_small, layers_small, "deepnorm", alpha_small),
    "attention_layer0": attention(x_small, layers_small[0]),
    "ffn_layer0": ffn(x_small, layers_small[0]),
    "update_deepnorm_N4_seed1": update_size("deepnorm", 4, 1),
    "update_post_N4_seed1": update_size("post", 4, 1),
    "update_pre_N4_seed1": update_size("pre", 4, 1),
    "update_deepnorm_sign_N4_seed1": update_size("deepnorm", 4, 1, step="sign"),
})

# main(): depths 1, 2, 4, 8, 16, 32, seed 1, log10 of the mean over SEEDS
DEPTHS, SEEDS = [1, 2, 4, 8, 16, 32], [1]
main_out = {}
for name, norm in [("Post-LN", "post"), ("Pre-LN", "pre"), ("DeepNorm", "deepnorm")]:
    means = [sum(update_size(norm, N, s) for s in SEEDS) / len(SEEDS) for N in DEPTHS]
    main_out[f"{name}：log10 ‖ΔF‖"] = [math.log10(m) for m in means]

write_reference(
    __file__,
    # measured on cpu and wasm (SNIPPETS_REPORT_ERROR=1): max abs 3.1e-6, max rel 3.2e-5; the margin
    # is for WebGL/WebGPU, whose float32 kernels round differently (the SGD step amplifies it)
    tolerance={"atol": 1e-4, "rtol": 1e-3},
    inputs={"x": x_small, "alpha": alpha_small,
            **{f"layer{i}_{n}": p[n] for i, p in enumerate(layers_small) for n in NAMES}},
    cases=cases,
    main={"deepnorm": main_out},
    notes={
        "constants": "torchscale formulas; encoder-decoder encoder beta = paper's 0.87 (torchscale uses 1.15)",
        "torchscale_encdec_encoder_beta_100_100": 1.15 * math.pow(math.pow(100, 4) * 100, -0.0625),
    },
)
