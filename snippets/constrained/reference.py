"""Expected outputs for snippets/constrained/constrained.ts.

Independent of the TypeScript state machine: the target format {"age":N} (N = 1 to 3 digits, then
<eos>) is written out as the full, finite list of allowed token sequences, and the tokens allowed
after a prefix are read off that list (every sequence that starts with the prefix contributes its
next token), the way a trie / an Outlines-style index maps a prefix to its allowed token set.
Masking is torch's masked_fill with -inf, decoding is torch.argmax. Computed in float64.
Run: bash scripts/gen-reference.sh constrained
"""

import itertools

import torch

from refio import F64, write_reference

NEG_INF = float("-inf")
VOCAB = ["{", "}", '"age"', ":", "1", "2", "8", "好的", "，", "年龄是", "岁", "<eos>"]
ID = {t: i for i, t in enumerate(VOCAB)}
DIGITS = ["1", "2", "8"]

# every token sequence of the language
LANGUAGE = [
    ["{", '"age"', ":", *digits, "}", "<eos>"]
    for n in (1, 2, 3)
    for digits in itertools.product(DIGITS, repeat=n)
]


def allowed_after(prefix_ids):
    prefix = [VOCAB[i] for i in prefix_ids]
    nxt = {seq[len(prefix)] for seq in LANGUAGE if len(seq) > len(prefix) and seq[: len(prefix)] == prefix}
    return sorted(ID[t] for t in nxt)


# the same bigram "language model" as bigramLogits(): row = previous token (last row = start)
TRANSITIONS = {
    None: {"好的": 4, "{": 2.5, "年龄是": 1},
    "好的": {"，": 4},
    "，": {"年龄是": 4, "{": 1},
    "年龄是": {"2": 4, "1": 2},
    "{": {'"age"': 3, "好的": 1},
    '"age"': {":": 4},
    ":": {"年龄是": 3.5, "2": 3},
    "1": {"8": 2},
    "2": {"8": 4, "岁": 1, "}": 0.5},
    "8": {"岁": 4, "}": 2, "8": 1},
    "岁": {"<eos>": 4, "，": 2},
    "}": {"<eos>": 4, "，": 1},
}
table = torch.zeros(len(VOCAB) + 1, len(VOCAB), dtype=F64)
for prev, row in TRANSITIONS.items():
    for nxt, value in row.items():
        table[len(VOCAB) if prev is None else ID[prev], ID[nxt]] = value


def mask(logits, allowed):
    keep = torch.zeros(len(VOCAB), dtype=torch.bool)
    keep[allowed] = True
    return logits.masked_fill(~keep, NEG_INF)


def greedy(constrained, max_steps=10):
    out, prev = [], len(VOCAB)
    for _ in range(max_steps):
        logits = table[prev]
        if constrained:
            logits = mask(logits, allowed_after(out))
        token = int(torch.argmax(logits))
        out.append(token)
        if token == ID["<eos>"]:
            break
        prev = token
    return out


# prefixes the test walks through the TypeScript state machine, one per state
prefixes = [[], [0], [0, 2], [0, 2, 3], [0, 2, 3, 5], [0, 2, 3, 5, 6], [0, 2, 3, 5, 6, 6], [0, 2, 3, 5, 1]]
free, guided = greedy(False), greedy(True)
assert guided == [ID[t] for t in ["{", '"age"', ":", "2", "8", "}", "<eos>"]]

colon_logits = table[ID[":"]]
write_reference(
    __file__,
    # softmax over 12 logits and exact argmax indices; float32 error measured below 1e-6
    tolerance={"atol": 1e-5, "rtol": 1e-5},
    inputs={"prefixes": prefixes},
    cases={
        "allowed": [allowed_after(p) for p in prefixes],
        "free_ids": free,
        "guided_ids": guided,
        "masked_colon": mask(colon_logits, allowed_after([0, 2, 3])),
    },
    main={
        "constrained": {
            "“:”之后，掩码前": torch.softmax(colon_logits, dim=-1),
            "“:”之后，掩码后": torch.softmax(mask(colon_logits, allowed_after([0, 2, 3])), dim=-1),
        }
    },
)
