#!/usr/bin/env bash
# Regenerates every snippets/<topic>/reference.json by running its reference.py with PyTorch
# (Debian's python3-torch, hence /usr/bin/python3; override with PYTHON=...). Installs nothing.
#   scripts/gen-reference.sh           regenerate
#   scripts/gen-reference.sh --check   regenerate, then fail if any reference.json differs from
#                                      what git has committed, or is untracked
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-/usr/bin/python3}"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in snippets/
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "gen-reference: $PYTHON cannot import torch (apt-get install python3-torch)" >&2
  exit 1
fi

shopt -s nullglob
scripts=(snippets/*/reference.py)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "gen-reference: no snippets/*/reference.py found" >&2
  exit 1
fi
for script in "${scripts[@]}"; do
  "$PYTHON" "$script"
done

if [ "$check" -eq 1 ]; then
  # modified, staged, deleted or untracked, all compared with HEAD
  stale=$(git status --porcelain --untracked-files=all -- 'snippets/*/reference.json')
  if [ -n "$stale" ]; then
    echo "gen-reference: these reference.json files differ from what git has committed (or are untracked):" >&2
    echo "$stale" >&2
    git --no-pager diff --stat HEAD -- 'snippets/*/reference.json' >&2 || true
    echo "Run scripts/gen-reference.sh and commit the result." >&2
    exit 1
  fi
  echo "gen-reference: all reference.json files match git"
fi
