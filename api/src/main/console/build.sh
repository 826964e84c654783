#!/usr/bin/env bash
# Builds the web console into the api's classes (target/classes/console), with the machine's Node.js and npm.
# Called by Maven (exec-maven-plugin, generate-resources). Without npm the api still builds and serves a page that
# says how to get the console, rather than failing the whole build of a machine that only wants the API.
set -euo pipefail
cd "$(dirname "$0")"
out="${CONSOLE_OUT_DIR:-$(cd ../../.. && pwd)/target/classes/console}"
mkdir -p "$out"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "console: Node.js/npm not found; the console is not built (install nodejs and npm, then rebuild)" >&2
  cat > "$out/index.html" <<'HTML'
<!doctype html><html lang="en"><meta charset="utf-8"><title>Inferline console</title>
<p>The console was not built: this build machine had no Node.js/npm. Install them and rebuild the api module.</p>
HTML
  exit 0
fi
# npm ci only when the lock file changed since the last install (node_modules/.package-lock.json is npm's copy)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
CONSOLE_OUT_DIR="$out" npm run --silent build
