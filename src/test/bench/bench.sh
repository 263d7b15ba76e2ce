#!/usr/bin/env bash
# Benchmarks of the packaged server: start-up time (java -jar to the first answered query), throughput
# and memory under load, and the jar's size. Prints one Markdown table row per configuration.
#
#   bash src/test/bench/bench.sh            # needs target/aihegemony-kg.jar (mvn -DskipTests package) and wrk
#   DURATION=30 bash src/test/bench/bench.sh
#
# Loopback only; every load run is bounded by DURATION seconds.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=target/aihegemony-kg.jar
DURATION=${DURATION:-10}
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q -DskipTests package" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
Q='SELECT%20%3Fs%20%3Fl%20WHERE%20%7B%20%3Fs%20%3Chttp%3A%2F%2Fwww.w3.org%2F2000%2F01%2Frdf-schema%23label%3E%20%3Fl%20%7D%20LIMIT%2010'

run() {  # $1 label, $2 extra JVM options
  local label=$1 jvm=$2 port store
  port=$(free_port); store="$work/store-$port"
  # Build first so start-up measures serving, not the one-off store build.
  java -jar "$JAR" build --store "$store" --quiet >/dev/null
  local t0 t1
  t0=$(date +%s%N)
  java $jvm -jar "$JAR" serve --port "$port" --store "$store" >"$work/log-$port" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/kg/sparql?query=$Q"; do sleep 0.02; done
  t1=$(date +%s%N)
  local startup_ms=$(( (t1 - t0) / 1000000 ))
  local rps
  rps=$(wrk -t2 -c16 -d"${DURATION}s" "http://127.0.0.1:$port/kg/sparql?query=$Q" | awk '/Requests\/sec/ {print $2}')
  local rss_mb hwm_mb
  rss_mb=$(awk '/VmRSS/ {printf "%d", $2/1024}' /proc/$pid/status)
  hwm_mb=$(awk '/VmHWM/ {printf "%d", $2/1024}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$startup_ms" "$rps" "$rss_mb" "$hwm_mb"
}

echo "jar: $(du -h "$JAR" | cut -f1) ($(stat -c %s "$JAR") bytes); $(nproc) cores; wrk -t2 -c16 -d${DURATION}s, SELECT of 10 labels"
echo
echo "| configuration | start-up to first answer (ms) | requests/s | RSS after (MB) | peak RSS (MB) |"
echo "|---|---|---|---|---|"
run "default (32 KiB output buffer, request log at WARN)" ""
run "Fuseki's 5 MiB output buffer" "-Daihegemony.outputBufferBytes=5242880"
run "request log at INFO (--verbose level)" "-Dorg.slf4j.simpleLogger.log.org.apache.jena.fuseki.Fuseki=info"
