#!/usr/bin/env bash
# Benchmarks against peers (docs/performance.md). Builds the platform and the load driver, installs the Portkey
# peer with npm, builds the Spring Cloud Gateway peer, then runs every workload against Inferline and its peers,
# alternating runs, and writes the table to docs/performance-results.md.
#   bench/run.sh           the full run (5 runs of 30 s per system; not timed since workloads 5a and 5b came: expect about an hour)
#   bench/run.sh --quick   3 runs of 8 s per system (about 12 minutes on 2 cores)
#   bench/run.sh --smoke   one short run of each, to check the harness works (writes to bench/target/smoke-results.md)
#   bench/run.sh --quick --only e2e   only the listed workloads (submit, e2e, sync, poll, webhooks, embeddings; comma-separated)
# BENCH_JFR=FILE records a JFR profile of the platform over the whole run (see docs/performance.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mode="${1:-}"
case "$mode" in ""|--quick|--smoke) ;; *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac
only=()
case "${2:-}" in "") ;; --only) only=(--only "${3:?--only needs a list: submit,e2e,sync,poll,webhooks,embeddings}") ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac

# the same JDK lookup as ./inferline
source <(sed -n '/^java_major()/,/^}/p; /^find_jdk()/,/^}/p' "$ROOT/inferline")
JAVA_HOME="$(find_jdk)"
export JAVA_HOME

[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import celery' 2>/dev/null \
  || { echo "bench: Debian's python3-celery is needed (apt-get install python3-celery)" >&2; exit 1; }
if command -v npm >/dev/null 2>&1; then
  (cd bench/peers/portkey && npm ci --no-audit --no-fund --silent) || echo "bench: Portkey not installed; it is left out" >&2
fi

# a project of its own (not in the reactor); its first build downloads Spring Boot and Spring Cloud Gateway. No jar
# from an earlier build stands in for a failed one.
rm -f bench/peers/spring-cloud-gateway/target/scg-peer.jar
"$ROOT/mvnw" -B -ntp -q -f bench/peers/spring-cloud-gateway/pom.xml -DskipTests package \
  || echo "bench: the Spring Cloud Gateway peer did not build; it is left out" >&2
"$ROOT/mvnw" -B -ntp -q -DskipTests -pl platform,bench -am package

out="$ROOT/docs/performance-results.md"
[ "$mode" = --smoke ] && out="$ROOT/bench/target/smoke-results.md"
[ ${#only[@]} -gt 0 ] && out="$ROOT/bench/target/only-results.md"   # a partial table does not replace the published one
exec "$JAVA_HOME/bin/java" -Xmx1g -Dbench.jfr="${BENCH_JFR:-}" -jar "$ROOT/bench/target/bench.jar" "${mode:-}" --repo "$ROOT" --out "$out" "${only[@]}"
