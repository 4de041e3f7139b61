"""Expected outputs for snippets/perplexity/perplexity.ts.

Oracles, independent of the TypeScript:
- per-token NLL: torch.nn.functional.cross_entropy(logits, targets, reduction="none") (nats);
  perplexity = exp(mean), bits = nats / ln 2.
- the word-level view of the same text: word log-probabilities summed from torch.log_softmax of the
  character logits (chain rule), written as one row of log-probabilities per word, scored again with
  F.cross_entropy; bits per byte divides by len(text.encode("utf-8")).
- pass@k: the definition 1 - C(n-c, k) / C(n, k) with math.comb (Chen et al. 2021, arXiv 2107.03374,
  eq. 1), not the product form the TypeScript uses.
The character logits of main() come from the minstd generator that perplexity.ts defines for its
inputs (pseudoNormal, the same generator the int8 topic uses; input generation only).
Run: bash scripts/gen-reference.sh perplexity
"""

import math

import torch
import torch.nn.functional as F

from refio import F64, minstd_normal, rounded_inputs, write_reference




def pass_at_k(n, c, k):
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


# ---------------------------------------------------------------- test inputs
g = torch.Generator().manual_seed(2107_03374)
logits = rounded_inputs(3 * torch.randn(6, 9, generator=g, dtype=F64))
targets = torch.randint(0, 9, (6,), generator=g)
nll = F.cross_entropy(logits, targets, reduction="none")
pass_cases = [[200, 13, 1], [200, 13, 10], [200, 13, 100], [20, 2, 10], [10, 0, 3], [10, 9, 2], [5, 5, 5]]

# ---------------------------------------------------------------- main(): the same text and logits
text = "今天天气很好，我们去公园散步。"
chars = list(text)
words = ["今天", "天气", "很", "好", "，", "我们", "去", "公园", "散步", "。"]
char_vocab = list(dict.fromkeys(chars))
word_vocab = list(dict.fromkeys(words))
noise = minstd_normal(len(chars) * len(char_vocab), 20211216)
cl = torch.tensor(noise, dtype=F64).reshape(len(chars), len(char_vocab))
ct = torch.tensor([char_vocab.index(ch) for ch in chars])
cl = cl + 3.0 * F.one_hot(ct, len(char_vocab)).to(F64)
cl = cl.float().to(F64)  # the TypeScript holds the logits in float32
char_nll = F.cross_entropy(cl, ct, reduction="none")

log_p_char = torch.log_softmax(cl, dim=-1).gather(1, ct[:, None]).squeeze(1)
rows, pos = [], 0
for w in words:
    lp = log_p_char[pos:pos + len(w)].sum().item()
    pos += len(w)
    row = torch.full((len(word_vocab) + 1,), math.log((1 - math.exp(lp)) / len(word_vocab)), dtype=F64)
    row[word_vocab.index(w)] = lp
    rows.append(row)
wl = torch.stack(rows).float().to(F64)
wt = torch.tensor([word_vocab.index(w) for w in words])
word_nll = F.cross_entropy(wl, wt, reduction="none")
n_bytes = len(text.encode("utf-8"))


def ppl(x):
    return math.exp(x.mean().item())


def bpb(x):
    return x.sum().item() / math.log(2) / n_bytes


ks = list(range(1, 21))
write_reference(
    __file__,
    # float32 log-softmax vs float64 on cpu/wasm: below 5e-7 relative; 1e-4 leaves room for GPU backends
    tolerance={"atol": 1e-5, "rtol": 1e-4},
    inputs={"logits": logits, "targets": targets.tolist(), "pass_cases": pass_cases},
    cases={
        "token_nll": nll,
        "ppl": math.exp(nll.mean().item()),
        "bits_per_token": nll.mean().item() / math.log(2),
        "pass_at_k": [pass_at_k(*c) for c in pass_cases],
    },
    main={
        "perplexity": {
            "每 token 困惑度：同一段文本、两种分词": [ppl(char_nll), ppl(word_nll)],
            "每字节比特数：同一段文本、两种分词": [bpb(char_nll), bpb(word_nll)],
            "pass@k 无偏估计（n = 20，c = 2）": [pass_at_k(20, 2, k) if 20 - 2 >= k else 1.0 for k in ks],
            "pass@k 朴素估计 1 − (1 − c/n)^k": [1 - (1 - 2 / 20) ** k for k in ks],
        }
    },
    notes={"bytes": n_bytes},
)
