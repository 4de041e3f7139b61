#!/usr/bin/env bash
# The test suite, in the order that fails fastest. `npm test` runs all of it; `npm run test:quick`
# (this script with --quick) stops before anything that needs a browser or a scratch build.
#   1. reference data: regenerate every snippets/*/reference.json from PyTorch; fail if any differs
#   2. type check (astro check) and lint (ESLint, Prettier)
#   3. unit, content-integrity and snippet tests (vitest)
#   4. build (astro + pagefind), link check over dist/ incl. #fragments, size budgets
#   5. static checks of every built page (tests/dist, no browser)
#   --quick stops here --
#   6. build behaviour: broken content fails with precise messages, astro dev sees new content (tests/build)
#   7. end-to-end tests in Debian's Chromium (tests/e2e/*.test.mjs); screenshots -> test-results/
# SKIP_REFERENCE=1 skips step 1 on a machine without PyTorch (CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-node.sh

quick=0
[ "${1:-}" = "--quick" ] && quick=1

step() { printf '\n\033[1m== %s\033[0m (%ss)\n' "$*" "$SECONDS"; }

# Say what is missing up front rather than failing halfway through.
missing=()
[ "$quick" = 1 ] || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ "${SKIP_REFERENCE:-0}" = 1 ] || /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
if [ ${#missing[@]} -gt 0 ]; then
  echo "npm test needs Debian packages: ${missing[*]}" >&2
  echo "  install them:  apt-get install -y ${missing[*]}    (or run: bash .ci/run, which installs them)" >&2
  exit 1
fi

if [ "${SKIP_REFERENCE:-0}" != 1 ]; then
  step "reference data (PyTorch) is reproducible"
  bash scripts/gen-reference.sh --check
fi

step "type check"
npx astro check --minimumSeverity warning
npx tsc -p snippets --noEmit # snippets/tsconfig.json: strict, array reads unchecked as in a reader's project

if [ -f eslint.config.js ]; then
  step "lint"
  npm run --silent lint
fi

step "unit, content and snippet tests"
npx vitest run

step "build"
npm run build

step "link check"
node scripts/check-links.mjs dist

step "size budgets"
node scripts/check-budgets.mjs dist

step "static checks of the built pages"
npx vitest run --config vitest.dist.config.ts

if [ "$quick" = 1 ]; then
  step "quick suite passed"
  exit 0
fi

step "build behaviour (scratch copies)"
node --test --test-concurrency=1 "tests/build/*.test.mjs"

step "end-to-end (Chromium)"
node --test --test-concurrency=1 "tests/e2e/*.test.mjs"
step "all passed"
