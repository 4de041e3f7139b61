#!/usr/bin/env python3
"""A git merge driver for content/references.yaml, where pages drafted on branches each append
entries: the result is our file plus every entry the other side added (by id), in its order, less
the entries the other side deleted and we left unchanged.

  git config merge.bibliography.driver "python3 scripts/git/merge-references.py %O %A %B"
  (.gitattributes: content/references.yaml merge=bibliography)

An id both sides added with different content, or an entry the other side edited, is a real
conflict: the driver writes both versions one after the other, says which ids, and exits 1, so git
stops for a person to decide. Two ids for the same arXiv paper are reported too.
Arguments: base, ours (the result is written here), theirs.
"""
import re
import sys


def blocks(text):
    """The file as (preamble, [(id, raw_block)]) where each block starts at a '- id:' line."""
    parts = re.split(r"(?m)^(?=- id: )", text)
    preamble, entries = parts[0], []
    for part in parts[1:]:
        entry_id = re.match(r"- id: *(\S+)", part).group(1)
        entries.append((entry_id, part if part.endswith("\n") else part + "\n"))
    return preamble, entries


def arxiv_of(block):
    m = re.search(r'(?m)^  arxiv: *"?([0-9.]+)"?', block)
    return m.group(1) if m else None


def main(base_path, ours_path, theirs_path):
    read = lambda p: open(p, encoding="utf-8").read()
    _, base = blocks(read(base_path))
    preamble, ours = blocks(read(ours_path))
    _, theirs = blocks(read(theirs_path))
    base_by_id, ours_by_id = dict(base), dict(ours)
    conflicts, added = [], []
    for entry_id, block in theirs:
        norm = lambda b: b.strip()
        if entry_id in base_by_id:
            if norm(block) != norm(base_by_id[entry_id]) and norm(ours_by_id.get(entry_id, "")) == norm(base_by_id[entry_id]):
                ours_by_id[entry_id] = block  # only they changed it: take theirs
            elif norm(block) != norm(base_by_id[entry_id]) and norm(block) != norm(ours_by_id.get(entry_id, "")):
                conflicts.append(entry_id)
            continue
        if entry_id in ours_by_id:
            if norm(block) != norm(ours_by_id[entry_id]):
                conflicts.append(entry_id)
            continue
        added.append((entry_id, block))
    # An entry they deleted (e.g. unify-reference.py merged it into another id) goes, unless we edited it.
    theirs_ids = {i for i, _ in theirs}
    deleted = {i for i, b in base if i not in theirs_ids and i in ours_by_id and ours_by_id[i].strip() == b.strip()}
    result = [(i, ours_by_id[i]) for i, _ in ours if i not in deleted] + added
    out = preamble + "".join(b if b.endswith("\n\n") else b.rstrip("\n") + "\n\n" for _, b in result).rstrip("\n") + "\n"
    for entry_id in conflicts:
        theirs_block = dict(theirs)[entry_id]
        out += f"\n# CONFLICT: the other branch has a different entry {entry_id}:\n" + "".join(f"# {line}\n" for line in theirs_block.rstrip("\n").split("\n"))
    seen = {}
    for entry_id, block in result:
        a = arxiv_of(block)
        if a and a in seen and seen[a] != entry_id:
            print(f"merge-references: arXiv {a} has two ids: {seen[a]} and {entry_id} (use one)", file=sys.stderr)
        elif a:
            seen[a] = entry_id
    open(ours_path, "w", encoding="utf-8").write(out)
    if conflicts:
        print(f"merge-references: conflicting entries {', '.join(conflicts)} (theirs appended as comments)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
