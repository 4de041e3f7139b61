#!/usr/bin/env python3
"""Folds one bibliography id into another after a merge brought the same paper in twice:
removes the entry `old` from content/references.yaml and rewrites every page's `refs` and
<Cite id="old"> to `new` (a page already citing `new` keeps one copy in its refs).

  python3 scripts/git/unify-reference.py OLD NEW
"""
import re
import sys
from pathlib import Path

old, new = sys.argv[1], sys.argv[2]
refs = Path("content/references.yaml")
text = refs.read_text(encoding="utf-8")
text = re.sub(r"(?m)\n# CONFLICT: the other branch has a different entry [^\n]*\n(#[^\n]*\n)*", "\n", text)
blocks = re.split(r"(?m)^(?=- id: )", text)
if not any(b.startswith(f"- id: {new}\n") for b in blocks):
    sys.exit(f"unify-reference: no entry {new}")
refs.write_text("".join(b for b in blocks if not b.startswith(f"- id: {old}\n")).rstrip("\n") + "\n", encoding="utf-8")
for page in Path("content/questions").glob("*.mdx"):
    src = page.read_text(encoding="utf-8")
    if old not in src:
        continue
    src = src.replace(f'<Cite id="{old}"', f'<Cite id="{new}"')

    def fix_refs(m):
        ids = [s.strip() for s in m.group(1).split(",") if s.strip()]
        ids = [new if i == old else i for i in ids]
        seen = []
        for i in ids:
            if i not in seen:
                seen.append(i)
        return "refs: [" + ", ".join(seen) + "]"

    src = re.sub(r"(?m)^refs: \[([^\]]*)\]", fix_refs, src)
    page.write_text(src, encoding="utf-8")
    print(f"{page}: {old} -> {new}")
