"""Shared setup and writer for snippets/<topic>/reference.json (imported by every reference.py).

reference.py scripts are run by snippets/_test/gen_all.py (one Python process, torch imported once),
which puts this folder on sys.path: a script needs only `from refio import ...`.

Output is deterministic byte-for-byte: floats rounded to 7 significant digits, keys sorted,
lists of scalars on one line, +-inf written as the strings "Infinity" / "-Infinity" (JSON has no inf).
"""
import json
import math
from pathlib import Path

import torch

SIG_DIGITS = 7
F64 = torch.float64
"""Reference values are computed in float64, so a tolerance measures the float32 error of the TypeScript."""

torch.set_num_threads(1)  # same reductions, same bits, on every machine


def _plain(value):
    """Tensors -> nested lists, floats rounded, inf -> string."""
    if isinstance(value, torch.Tensor):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("NaN in reference output")
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        rounded = float(f"{value:.{SIG_DIGITS}g}")
        return 0.0 if rounded == 0 else rounded  # no "-0.0"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _dump(value, indent=0):
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{json.dumps(k)}: {_dump(value[k], indent + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(json.dumps(v) for v in value) + "]"
        return "[\n" + ",\n".join(pad + _dump(v, indent + 1) for v in value) + "\n" + "  " * indent + "]"
    return json.dumps(value)


def minstd_normal(n: int, seed: int) -> list:
    """The inputs' pseudo-normal numbers, as the snippets that need noise generate them in TypeScript:
    Park-Miller minstd (a = 48271, m = 2^31 - 1), the sum of four uniforms centred and scaled to unit
    variance. Input generation only: the oracles compute from these numbers, they do not check them."""
    s, out = seed, []
    for _ in range(n):
        total = 0.0
        for _ in range(4):
            s = (s * 48271) % 2147483647
            total += s / 2147483647
        out.append((total - 2) * math.sqrt(3))
    return out


def rounded_inputs(t: torch.Tensor, decimals: int = 4) -> torch.Tensor:
    """Round generated inputs, then re-read them through the JSON serialisation, so torch computes
    from exactly the numbers that reference.json holds (and the TypeScript test parses)."""
    scale = 10.0 ** decimals
    return torch.tensor(_plain(torch.round(t * scale) / scale), dtype=t.dtype)


def write_reference(script_file: str, *, tolerance, inputs, cases, main, notes=None):
    """Writes reference.json next to `script_file` in the one shape every snippet test reads:

    tolerance  {"atol": ..., "rtol": ...}: numpy.allclose semantics, for every comparison
    inputs     the fixed inputs the tests feed to the exported functions
    cases      expected outputs of the exported functions, by case name
    main       {"<snippet file name>": {<key>: value}}: exactly what each snippet's main() returns
    notes      optional: which implementation ran, anything a reader of the JSON needs
    """
    script = Path(script_file).resolve()
    repo_root = script.parents[2]
    topic = script.parent
    snippets = sorted(p.stem for p in topic.glob("*.ts") if not p.name.endswith((".test.ts", ".d.ts")))
    if sorted(main) != snippets:
        raise ValueError(f"{topic.name}: main must have one entry per snippet file {snippets}, got {sorted(main)}")
    if set(tolerance) != {"atol", "rtol"}:
        raise ValueError(f"{topic.name}: tolerance must be {{'atol': ..., 'rtol': ...}}")
    doc = {
        "generator": script.relative_to(repo_root).as_posix(),
        "torch": torch.__version__,
        "tolerance": _plain(tolerance),
        "inputs": _plain(inputs),
        "cases": _plain(cases),
        "main": _plain(main),
    }
    if notes:
        doc["notes"] = notes
    out = script.parent / "reference.json"
    out.write_text(_dump(doc) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(repo_root).as_posix()}")
