"""Shared writer for snippets/<topic>/reference.json (used by every reference.py).

Output is deterministic byte-for-byte: floats rounded to 7 significant digits, keys sorted,
lists of scalars on one line, +-inf written as the strings "Infinity" / "-Infinity" (JSON has no inf).
"""
import json
import math
from pathlib import Path

import torch

SIG_DIGITS = 7


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


def rounded_inputs(t: torch.Tensor, decimals: int = 4) -> torch.Tensor:
    """Round generated inputs, then re-read them through the JSON serialisation, so torch computes
    from exactly the numbers that reference.json holds (and the TypeScript test parses)."""
    scale = 10.0 ** decimals
    return torch.tensor(_plain(torch.round(t * scale) / scale), dtype=t.dtype)


def write_reference(script_file: str, *, tolerance, inputs, cases, notes=None):
    script = Path(script_file).resolve()
    repo_root = script.parents[2]
    doc = {
        "generator": script.relative_to(repo_root).as_posix(),
        "torch": torch.__version__,
        "tolerance": _plain(tolerance),
        "inputs": _plain(inputs),
        "cases": _plain(cases),
    }
    if notes:
        doc["notes"] = notes
    out = script.parent / "reference.json"
    out.write_text(_dump(doc) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(repo_root).as_posix()}")
