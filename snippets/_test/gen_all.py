"""Runs every snippets/<topic>/reference.py (or the topics named on the command line) in this one
Python process, so torch is imported once however many snippets there are.

    /usr/bin/python3 snippets/_test/gen_all.py            all topics
    /usr/bin/python3 snippets/_test/gen_all.py rope alibi  only these

Each script runs as __main__ with a fresh namespace; this folder is on sys.path so a script imports
the shared setup with `from refio import ...`.
"""
import runpy
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNIPPETS = HERE.parent
sys.path.insert(0, str(HERE))

import torch  # noqa: E402,F401  (imported once, here)


def main(argv):
    scripts = sorted(SNIPPETS.glob("*/reference.py"))
    if argv:
        wanted = set(argv)
        unknown = wanted - {s.parent.name for s in scripts}
        if unknown:
            sys.exit(f"gen_all: no snippets/<topic>/reference.py for: {', '.join(sorted(unknown))}")
        scripts = [s for s in scripts if s.parent.name in wanted]
    if not scripts:
        sys.exit("gen_all: no snippets/*/reference.py found")
    failed = []
    for script in scripts:
        start = time.perf_counter()
        try:
            runpy.run_path(str(script), run_name="__main__")
        except Exception as error:  # report every broken script, not only the first
            failed.append(script.parent.name)
            print(f"gen_all: {script.relative_to(SNIPPETS.parent)} failed: {type(error).__name__}: {error}", file=sys.stderr)
            continue
        print(f"  {script.parent.name}: {time.perf_counter() - start:.2f} s")
    if failed:
        sys.exit(f"gen_all: {len(failed)} reference script(s) failed: {', '.join(failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
