#!/usr/bin/env bash
# Rolling restart and store upgrade of N read-only replicas behind HAProxy, under load (issue 11).
#
# Starts N replicas of the packaged jar on loopback, each serving its own read-only copy of one built
# store, behind Debian's haproxy running deploy/haproxy.cfg unchanged; drives wrk through HAProxy, and
#   phase "rolling restart": SIGTERMs each replica in turn, waits for it to exit, starts it again on
#                            the same store and waits until HAProxy has it UP again;
#   phase "store upgrade":   does the same, but restarts each replica on a newer build (other sources,
#                            other content hash), and checks that every replica reports the new store id.
# For each phase it prints requests sent, failed (non-2xx responses + socket errors) and the p99 latency,
# with HAProxy's retry and redispatch counters.
#
# Needs: the packaged jar (mvn -B -DskipTests package), haproxy, wrk, curl, python3
#        (apt-get install -y haproxy wrk curl).
# Usage: src/test/reliability/rolling-restart.sh [REPLICAS (3)] [WRK_CONNECTIONS (8)]
# Environment: JAR (target/aihegemony-kg.jar), JAVA_OPTS (-Xmx256m), DRAIN_SECONDS (3), KEEP=1 keeps
#              the work folder.
set -euo pipefail

N=${1:-3}
CONNS=${2:-8}
HERE=$(cd "$(dirname "$0")/../../.." && pwd)
JAR=${JAR:-$HERE/target/aihegemony-kg.jar}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
DRAIN_SECONDS=${DRAIN_SECONDS:-3}
CFG=$HERE/deploy/haproxy.cfg

for tool in haproxy wrk curl python3 java; do
  command -v $tool >/dev/null || { echo "missing: $tool (apt-get install -y haproxy wrk curl)" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "missing: $JAR (run: mvn -B -DskipTests package)" >&2; exit 2; }
[ "$N" -eq 3 ] || { echo "deploy/haproxy.cfg lists 3 replicas; run with 3 (or add servers to it)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/kg-rolling.XXXXXX)
# A private copy of the jar: rebuilding target/ during the run must not change what restarts run.
cp "$JAR" "$WORK/aihegemony-kg.jar"; JAR=$WORK/aihegemony-kg.jar
declare -a PIDS PORTS
HAPROXY_PID=""; WRK_PID=""
cleanup() {
  for p in "${PIDS[@]:-}" $HAPROXY_PID $WRK_PID; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]:-}" $HAPROXY_PID $WRK_PID; do
    [ -n "$p" ] && wait "$p" 2>/dev/null || true
  done
  [ "${KEEP:-0}" = 1 ] && echo "work folder kept: $WORK" || { chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"; }
}
trap cleanup EXIT

free_port() {   # a random free TCP port in 20000-29999
  python3 - <<'EOF'
import random, socket
for _ in range(200):
    p = random.randint(20000, 29999)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError:
        s.close()
EOF
}

log() { echo "[$(date -u +%H:%M:%S)] $*"; }

# --- two builds: v1 from the repository's sources, v2 from the same sources with one edited file ---
log "building store v1 and v2 (as an archive) in $WORK"
java $JAVA_OPTS -jar "$JAR" build --quiet --store "$WORK/v1"
mkdir -p "$WORK/src2"
cp -r "$HERE/ontology" "$HERE/rdf" "$HERE/queries" "$WORK/src2/"
first=$(ls "$WORK/src2/rdf" | head -1)
printf '\n# edited for the store-upgrade test\n' >> "$WORK/src2/rdf/$first"
java $JAVA_OPTS -jar "$JAR" build --quiet --sources "$WORK/src2" --store "$WORK/v2-build" --archive "$WORK/v2.zip"
id_of() { sed -n 's/^contentHash=//p' "$1"/db-*/kg-build.properties; }
V1=$(id_of "$WORK/v1"); V2=$(id_of "$WORK/v2-build")
log "v1 store id ${V1:0:12}, v2 store id ${V2:0:12}"

# Each replica gets its own copy of v1, made read-only (as root, chmod stops nothing: the server must not try).
replica_store() {  # $1 replica number, $2 v1|v2 -> store argument
  if [ "$2" = v1 ]; then
    [ -d "$WORK/r$1-v1" ] || { cp -r "$WORK/v1" "$WORK/r$1-v1"; chmod -R a-w "$WORK/r$1-v1"; }
    echo "$WORK/r$1-v1"
  else
    [ -f "$WORK/r$1-v2.zip" ] || { cp "$WORK/v2.zip" "$WORK/r$1-v2.zip"; chmod a-w "$WORK/r$1-v2.zip"; }
    echo "$WORK/r$1-v2.zip"
  fi
}

start_replica() {  # $1 replica number, $2 v1|v2
  local i=$1 store
  store=$(replica_store "$i" "$2")
  java $JAVA_OPTS -jar "$JAR" serve --read-only --store "$store" --port "${PORTS[$i]}" \
       --drain-seconds "$DRAIN_SECONDS" >> "$WORK/replica$i.log" 2>&1 &
  PIDS[$i]=$!
}

wait_ready() {  # $1 replica number, $2 expected store id
  local i=$1
  for _ in $(seq 600); do
    if body=$(curl -sf "http://127.0.0.1:${PORTS[$i]}/\$/status" 2>/dev/null); then
      echo "$body" | grep -q "\"$2\"" && return 0
      echo "replica $i serves another store: $body" >&2; return 1
    fi
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "replica $i died:"; tail -20 "$WORK/replica$i.log"; return 1; } >&2
    sleep 0.2
  done
  echo "replica $i not ready after 120 s" >&2; return 1
}

hap() {  # a command on HAProxy's runtime API socket
  python3 - "$WORK/haproxy.sock" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2] + "\n").encode())
out = b""
while True:
    b = s.recv(65536)
    if not b: break
    out += b
print(out.decode(), end="")
EOF
}

wait_up() {  # $1 replica number: until HAProxy's check has marked it UP
  for _ in $(seq 200); do
    hap "show servers state kg_replicas" | awk -v s="kg$1" '$4 == s && $6 == 2 { found=1 } END { exit !found }' && return 0
    sleep 0.2
  done
  echo "HAProxy never marked kg$1 UP" >&2; return 1
}

counters() {  # HAProxy backend retries and redispatches: "wretr wredis"
  hap "show stat" | awk -F, '$1 == "kg_replicas" && $2 == "BACKEND" { print $16, $17 }'
}

# --- N replicas on v1, HAProxy in front ---
for i in $(seq 1 "$N"); do PORTS[$i]=$(free_port); done
FRONT=$(free_port)
log "starting $N replicas on ports ${PORTS[*]:1} (store v1), HAProxy on $FRONT"
for i in $(seq 1 "$N"); do start_replica "$i" v1; done
for i in $(seq 1 "$N"); do wait_ready "$i" "$V1"; done
export KG_FRONTEND=127.0.0.1:$FRONT HAPROXY_SOCKET=$WORK/haproxy.sock
export KG_REPLICA_1=127.0.0.1:${PORTS[1]} KG_REPLICA_2=127.0.0.1:${PORTS[2]} KG_REPLICA_3=127.0.0.1:${PORTS[3]}
haproxy -f "$CFG" -db > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
for i in $(seq 1 "$N"); do wait_up "$i"; done

# --- the load: a mix of SPARQL, saved-query, linked-data and VoID requests, all GET ---
cat > "$WORK/mix.lua" <<'EOF'
local paths = {
  "/kg/sparql?query=" .. "SELECT%20%3Fl%20%7B%20%3Chttps%3A%2F%2Fw3id.org%2Faihegemony%2Fid%2Fgoogle%3E%20%3Chttp%3A%2F%2Fwww.w3.org%2F2000%2F01%2Frdf-schema%23label%3E%20%3Fl%20%7D",
  "/queries/china-supercomputers.csv",
  "/page/google",
  "/data/google.ttl",
  "/kg/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20%7B%20%3Fs%20a%20%3Ft%20%7D",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Accept"] = "text/csv, text/turtle;q=0.9, text/html;q=0.8" })
end
-- A global of each thread's Lua state, read back in done() through thread:get.
non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("non2xx") or 0) end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f seconds=%.1f\n",
    summary.requests, n, e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.duration / 1e6))
end
EOF

run_phase() {  # $1 phase name, $2 v1|v2 the store to restart onto, $3 expected id
  local name=$1 target=$2 id=$3
  local before after
  before=$(counters)
  wrk -t1 -c"$CONNS" -d3600s --timeout 30s -s "$WORK/mix.lua" "http://127.0.0.1:$FRONT" > "$WORK/wrk-$target.out" 2>&1 &
  WRK_PID=$!
  sleep 5
  for i in $(seq 1 "$N"); do
    log "$name: SIGTERM replica $i (pid ${PIDS[$i]})"
    kill -TERM "${PIDS[$i]}"
    local rc=0; wait "${PIDS[$i]}" || rc=$?
    log "$name: replica $i exited with $rc; starting it on $target"
    [ "$rc" -eq 0 ] || echo "WARNING: replica $i exit code $rc" >&2
    start_replica "$i" "$target"
    wait_ready "$i" "$id"
    wait_up "$i"
    log "$name: replica $i UP again on ${id:0:12}"
  done
  sleep 5
  kill -INT "$WRK_PID" 2>/dev/null || echo "wrk ended before the phase did" >&2
  wait "$WRK_PID" || true; WRK_PID=""
  after=$(counters)
  local res
  res=$(grep '^RESULT' "$WORK/wrk-$target.out" || { cat "$WORK/wrk-$target.out" >&2; echo "RESULT requests=0"; })
  echo "$name|$res|$before|$after" >> "$WORK/results"
}

run_phase "rolling restart" v1 "$V1"
run_phase "store upgrade" v2 "$V2"

for i in $(seq 1 "$N"); do
  curl -sf "http://127.0.0.1:${PORTS[$i]}/\$/status" | grep -q "\"$V2\"" || { echo "replica $i does not serve v2" >&2; exit 1; }
done
log "all $N replicas report store ${V2:0:12}"

echo
echo "Rolling restart of $N replicas behind HAProxy $(haproxy -v | head -1 | awk '{print $3}'), wrk $CONNS connections, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
printf '%-16s %10s %8s %8s %9s %9s %8s %8s\n' phase requests failed non2xx socketerr p99_ms retries redisp
fail=0
while IFS='|' read -r name res before after; do
  req=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$res")
  non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$res")
  sock=$(sed -n 's/.*socket_errors=\([0-9]*\).*/\1/p' <<<"$res")
  p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$res")
  read -r r0 d0 <<<"$before"; read -r r1 d1 <<<"$after"
  failed=$(( ${non2xx:-0} + ${sock:-0} ))
  [ "$failed" -eq 0 ] && [ "${req:-0}" -gt 0 ] || fail=1
  printf '%-16s %10s %8s %8s %9s %9s %8s %8s\n' "$name" "$req" "$failed" "$non2xx" "$sock" "$p99" $(( ${r1:-0} - ${r0:-0} )) $(( ${d1:-0} - ${d0:-0} ))
done < "$WORK/results"
exit $fail
