#!/usr/bin/env bash
# Regenerates snippets/<topic>/reference.json by running every reference.py with PyTorch in one
# Python process (snippets/_test/gen_all.py; Debian's python3-torch, hence /usr/bin/python3;
# override with PYTHON=...). Installs nothing.
#   scripts/gen-reference.sh                 regenerate all
#   scripts/gen-reference.sh rope alibi      regenerate these topics only
#   scripts/gen-reference.sh --check         regenerate all, then fail if any reference.json differs
#                                            from what git has committed, or is untracked
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-/usr/bin/python3}"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in snippets/
check=0
topics=()
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    -*) echo "usage: $0 [--check] [topic ...]" >&2; exit 2 ;;
    *) topics+=("$arg") ;;
  esac
done

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "gen-reference: $PYTHON cannot import torch (apt-get install python3-torch)" >&2
  exit 1
fi

"$PYTHON" snippets/_test/gen_all.py "${topics[@]}"

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
