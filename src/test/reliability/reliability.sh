#!/usr/bin/env bash
# Reliability suite of the packaged server (issue 8, item 7): what slow, huge, malformed and numerous
# clients do to it. Black box: it starts target/aihegemony-kg.jar on a free loopback port over a store
# built in a temp folder (a fresh server for each part), attacks it, and prints one table
# (check, result, goal, pass/fail) with the date and the machine.
#
#   bash src/test/reliability/reliability.sh                  # every part, full size (about 6 minutes)
#   bash src/test/reliability/reliability.sh --quick          # smoke run, small numbers (about 1.5 minutes)
#   bash src/test/reliability/reliability.sh --slow --fuzz    # only these parts
#
# Parts:
#   --slow   500 slow-body clients (POST /kg/sparql, large Content-Length, a byte every 3 s) and 500
#            slow-header clients held 60 s while /$/ping and a saved query are timed; how many slow
#            clients the server cut, and when
#   --big    a 10 MB query (a valid query plus a long comment) by POST and by GET: status and time to
#            the answer against the time limit, and the server's CPU after the client has gone
#   --fuzz   20,000 fuzzed requests (fuzz.py): responses >= 500 other than 503, the first few printed as
#            curl commands so they can be replayed
#   --load   64 connections for 60 s on a read mix (wrk + readmix.lua: SPARQL SELECT/ASK, saved queries,
#            /data, /page, /id) with the server's resident memory (VmRSS) sampled every second: peak,
#            and 30 s after the load
#   --build-faults  runs src/test/reliability/build-faults.sh if it exists (kill -9 during a build, a full
#            disk) and adds the rows it prints ("| check | result | goal | pass/fail |" lines on stdout;
#            it is called with JAR and QUICK=0/1 in the environment)
# Options: --jar PATH (default target/aihegemony-kg.jar), --quick, --out FILE (the table as Markdown),
#          --timeout SECS (passed to serve; the goal of --big; default: the server's own, 10),
#          --seed N (fuzz), --keep (keep the temp folder with the server logs), -h/--help.
#
# Needs java 17, python3 (standard library only), curl, and for --load wrk (Debian: apt-get install -y
# wrk curl python3). Exit status: 0 when every check passed, 1 when one failed, 2 when the suite could
# not run. Everything it starts is stopped on exit.
# The whole script is one block, read before it runs, so editing the file during a run cannot break it.
{
set -uo pipefail
cd "$(dirname "$0")/../../.."
HERE=src/test/reliability

JAR=target/aihegemony-kg.jar
QUICK=0
OUT=
TIME_LIMIT=
SEED=1
KEEP=0
PARTS=()
usage() { sed -n '2,/^# The whole script/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift ;;
    --quick) QUICK=1 ;;
    --out) OUT=$2; shift ;;
    --timeout) TIME_LIMIT=$2; shift ;;
    --seed) SEED=$2; shift ;;
    --keep) KEEP=1 ;;
    --slow|--big|--fuzz|--load|--build-faults) PARTS+=("${1#--}") ;;
    --all) PARTS+=(slow big fuzz load build-faults) ;;
    -h|--help) usage; exit 0 ;;
    *) echo "reliability.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#PARTS[@]} -eq 0 ] && PARTS=(slow big fuzz load build-faults)
want() { local p; for p in "${PARTS[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

need() { command -v "$1" >/dev/null || { echo "reliability.sh: $1 is needed (Debian: apt-get install -y $2)" >&2; exit 2; }; }
need java openjdk-17-jre-headless; need python3 python3; need curl curl
want load && need wrk wrk
[ -f "$JAR" ] || { echo "reliability.sh: no jar at $JAR; build it with: mvn -B -q -DskipTests package" >&2; exit 2; }

if [ "$QUICK" = 1 ]; then
  SLOW_N=50; SLOW_HOLD=15; SLOW_INTERVAL=2; BIG_MB=10; FUZZ_N=1000; LOAD_S=10; IDLE_S=10
else
  SLOW_N=500; SLOW_HOLD=60; SLOW_INTERVAL=3; BIG_MB=10; FUZZ_N=20000; LOAD_S=60; IDLE_S=30
fi
LIMIT=${TIME_LIMIT:-10}        # the server's default --timeout (README)
RSS_BUDGET_MB=512

work=$(mktemp -d /tmp/reliability.XXXXXX)
ROWS=$work/rows.tsv; : >"$ROWS"
PIDS=()
CHILD=
# runs a command in the background and waits for it, so that a signal reaches the trap at once
run() { "$@" & CHILD=$!; wait "$CHILD"; local rc=$?; CHILD=; return $rc; }
cleanup() {
  local p
  for p in $CHILD "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  if [ "$KEEP" = 1 ]; then echo "reliability.sh: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$ROWS"; }   # check, result, goal, pass|fail|info
free_port() {
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
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }

STORE=$work/store
build_store() {  # once, before the first server
  [ -f "$STORE/CURRENT" ] && return 0
  log "building the store in $STORE"
  if ! java -jar "$JAR" build --store "$STORE" --quiet >"$work/build.log" 2>&1; then
    echo "reliability.sh: the build failed:" >&2; tail -20 "$work/build.log" >&2; exit 2
  fi
}

SERVER_PID=; PORT=; BASE=
start_server() {  # $1: log name
  stop_server
  build_store
  PORT=$(free_port); BASE=http://127.0.0.1:$PORT
  local args=(serve --port "$PORT" --store "$STORE")
  [ -n "$TIME_LIMIT" ] && args+=(--timeout "$TIME_LIMIT")
  java -jar "$JAR" "${args[@]}" >"$work/server-$1.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  local i
  for i in $(seq 1 600); do
    curl -sf -o /dev/null --max-time 2 "$BASE/\$/ping" && { log "server up on $BASE (pid $SERVER_PID)"; return 0; }
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "reliability.sh: the server did not start:" >&2; tail -20 "$work/server-$1.log" >&2; exit 2
}
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
}
# Resident memory of a process and all its descendants, in MB: 'java -jar … serve' without -Xmx hands
# over to a second JVM with bounded memory (README, "Memory"), so the server is the pair of them.
tree_pids() { local p=$1 c; echo "$p"; for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree_pids "$c"; done; }
rss_mb() { local total=0 p r; for p in $(tree_pids "$1"); do r=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null); total=$((total + ${r:-0})); done; echo $((total / 1024)); }
cpu_ticks() { local total=0 p t; for p in $(tree_pids "$1"); do t=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null); total=$((total + ${t:-0})); done; echo "$total"; }
alive() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$BASE/\$/ping"; }
stack_lines() { grep -cE '^[[:space:]]+at [a-zA-Z_$.]+\(' "$1" 2>/dev/null; }
SAVED='/queries/open-platforms.csv?year=2019'

# ---------------------------------------------------------------------------------------------------
part_slow() {
  start_server slow
  log "slow clients: $SLOW_N slow-body + $SLOW_N slow-header, held ${SLOW_HOLD}s, a byte every ${SLOW_INTERVAL}s"
  run python3 "$HERE/slow_clients.py" --port "$PORT" --body "$SLOW_N" --header "$SLOW_N" --hold "$SLOW_HOLD" \
    --interval "$SLOW_INTERVAL" --probe '/$/ping' --probe "$SAVED" >"$work/slow.json" 2>"$work/slow.err" \
    || { row "slow clients" "slow_clients.py failed: $(tail -1 "$work/slow.err")" "-" fail; stop_server; return; }
  local p
  for p in '/$/ping' "$SAVED"; do
    local r
    r=$(json "$work/slow.json" "'%s|%s|%s|%s|%s|%s' % ((lambda s, b: (s['n'], s['max_s'], s['p99_s'], s['failures'], ','.join(s['failure_kinds']), b['p99_s']))(d['during']['$p'], d['baseline']['$p']))")
    IFS='|' read -r n mx p99 fails kinds basep99 <<<"$r"
    local verdict=fail
    python3 -c "import sys; sys.exit(0 if $fails == 0 and $mx <= 1.0 else 1)" && verdict=pass
    row "$p with $SLOW_N+$SLOW_N slow clients" \
      "$(printf 'max %.3f s, p99 %.3f s (before: p99 %.3f s), %s of %s failed%s' "$mx" "$p99" "$basep99" "$fails" "$n" "${kinds:+ ($kinds)}")" \
      "max ≤ 1 s, 0 failed" "$verdict"
  done
  local kind
  for kind in body header; do
    local r
    r=$(json "$work/slow.json" "'%(n)s|%(connected)s|%(cut)s|%(first_cut_s)s|%(median_cut_s)s|%(last_cut_s)s|' % d['slow']['$kind'] + ', '.join('%s %s' % kv for kv in d['slow']['$kind']['how'].items())")
    IFS='|' read -r n conn cut first med last how <<<"$r"
    local res="$cut of $n cut ($conn connected)"
    [ "$cut" -gt 0 ] && res="$res, after $(printf '%.0f' "$first")–$(printf '%.0f' "$last") s (median $(printf '%.0f' "$med") s): $how"
    row "slow-$kind clients cut" "$res" "all cut within ${SLOW_HOLD} s" "$([ "$cut" = "$n" ] && echo pass || echo fail)"
  done
  row "server after slow clients" "ping $(alive); $(stack_lines "$work/server-slow.log") stack-trace lines in the log" \
    "200; no stack traces" "$([ "$(alive)" = 200 ] && [ "$(stack_lines "$work/server-slow.log")" = 0 ] && echo pass || echo fail)"
  stop_server
}

# ---------------------------------------------------------------------------------------------------
part_big() {
  local m wait=$((LIMIT + 30))
  for m in POST GET; do
    start_server "big-$m"
    log "big query: $BIG_MB MB by $m (time limit ${LIMIT}s, waiting up to ${wait}s)"
    run python3 "$HERE/big_query.py" --port "$PORT" --mb "$BIG_MB" --method "$m" --wait "$wait" >"$work/big-$m.json" 2>&1
    local t0 t1; t0=$(cpu_ticks "$SERVER_PID"); sleep 5; t1=$(cpu_ticks "$SERVER_PID")
    local cpu=$(( (t1 - t0) * 100 / $(getconf CLK_TCK) / 5 ))
    local r status secs first
    r=$(json "$work/big-$m.json" "'%s|%.1f|%s' % (d['status'], d['seconds'], d['first_line'][:80].replace('|', '/'))") || r="error|0|$(tail -1 "$work/big-$m.json")"
    IFS='|' read -r status secs first <<<"$r"
    local verdict=fail
    case "$status" in 4[0-9][0-9]|503) python3 -c "import sys; sys.exit(0 if $secs <= $LIMIT + 1 else 1)" && verdict=pass ;; esac
    local res
    if [[ "$status" =~ ^[0-9]+$ ]]; then res="$status in $secs s${first:+: $first}"; else res="no answer in $secs s ($status)"; fi
    row "$BIG_MB MB query by $m" "$res; server CPU after: ${cpu}% of a core" \
      "4xx or 503 within ${LIMIT} s; CPU ≈ 0 after" "$([ "$verdict" = pass ] && [ "$cpu" -lt 20 ] && echo pass || echo fail)"
    stop_server
  done
}

# ---------------------------------------------------------------------------------------------------
part_fuzz() {
  start_server fuzz
  log "fuzz: $FUZZ_N requests, seed $SEED"
  run python3 "$HERE/fuzz.py" --port "$PORT" --n "$FUZZ_N" --seed "$SEED" --log "$work/fuzz-offending.jsonl" \
    >"$work/fuzz.json" 2>"$work/fuzz.err" \
    || { row "fuzz" "fuzz.py failed: $(tail -1 "$work/fuzz.err")" "-" fail; stop_server; return; }
  local off counts noans slow
  off=$(json "$work/fuzz.json" "d['offending']")
  counts=$(json "$work/fuzz.json" "', '.join('%s: %d' % kv for kv in sorted(d['counts'].items()))")
  noans=$(json "$work/fuzz.json" "sum(v for k, v in d['counts'].items() if not k.isdigit())")
  slow=$(json "$work/fuzz.json" "'%.1f' % d['slowest_s']")
  if [ "$off" != 0 ]; then
    {
      echo "fuzz: $off responses >= 500 other than 503; by status, method, first path segment:"
      json "$work/fuzz.json" "'\n'.join('  %5d  %s' % (v, k) for k, v in d['groups'].items())"
      echo "fuzz: one example of each of the commonest kinds, to replay (fuzz.py --seed $SEED --n $FUZZ_N; #index = position in the run):"
      json "$work/fuzz.json" "'\n'.join('  #%d -> %s (%s)\n    %s' % (f['index'], f['status'], f['kind'], f['curl'] or f['raw']) for f in d['first'])"
      echo
    } | tee "$work/fuzz-report.txt"
  fi
  local unk; unk=$(json "$work/fuzz.json" "d['unknown_method_501']")
  row "$FUZZ_N fuzzed requests: ≥ 500 but 503" "$off, of which $unk are 501 for a method HTTP does not define (all: $counts)" "0" "$([ "$off" = 0 ] && echo pass || echo fail)"
  row "fuzzed requests without an answer" "$noans; slowest answer $slow s" "0" "$([ "$noans" = 0 ] && echo pass || echo fail)"
  local st; st=$(stack_lines "$work/server-fuzz.log")
  row "server after fuzzing" "ping $(alive); $st stack-trace lines in the log" "200; no stack traces" \
    "$([ "$(alive)" = 200 ] && [ "$st" = 0 ] && echo pass || echo fail)"
  stop_server
}

# ---------------------------------------------------------------------------------------------------
readme_select() {
  python3 - <<'EOF'
import re
m = re.search(r"--data-urlencode 'query=(.*?)'", open('README.md', encoding='utf-8').read(), re.S)
print(m.group(1).strip() if m else 'SELECT * WHERE { ?s ?p ?o } LIMIT 10')
EOF
}
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))'; }

part_load() {
  start_server load
  local reqs=$work/requests.txt ids names
  ids=$(curl -s --max-time 30 -H 'Accept: text/csv' "$BASE/kg/sparql" --data-urlencode \
    'query=SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/aihegemony/id/")) } ORDER BY ?s LIMIT 60' \
    | tail -n +2 | tr -d '\r' | sed 's#.*/id/##' | grep -E '^[A-Za-z0-9._-]+$')
  names=$(curl -s --max-time 30 -H 'Accept: application/json' "$BASE/queries" | python3 -c '
import json, sys
d = json.load(sys.stdin); items = d if isinstance(d, list) else d.get("queries", [])
print("\n".join(i["name"] for i in items if isinstance(i, dict) and "name" in i))' 2>/dev/null)
  [ -n "$ids" ] || ids=kaggle
  [ -n "$names" ] || names=open-platforms
  local sel ask
  sel=$(readme_select | urlenc); ask=$(echo 'ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }' | urlenc)
  {
    local id name
    set -- $names
    for id in $ids; do
      printf '/data/%s\ttext/turtle\n/page/%s\ttext/html\n/id/%s\t\n/data/%s.jsonld\t\n' "$id" "$id" "$id" "$id"
      printf '/kg/sparql?query=%s\tapplication/sparql-results+json\n' "$sel"
      printf '/kg/sparql?query=%s\tapplication/sparql-results+json\n' "$ask"
      printf '%s\t\n' "$SAVED"
      [ $# -gt 0 ] && { printf '/queries/%s.csv\t\n' "$1"; shift; }
    done
  } >"$reqs"
  log "load: $(wc -l <"$reqs") requests in rotation, $(echo "$ids" | wc -w) resources; wrk -t2 -c64 -d${LOAD_S}s"
  local rss0 peak=0 r
  rss0=$(rss_mb "$SERVER_PID")
  ( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_mb "$SERVER_PID"; echo; sleep 1; done ) >"$work/rss.txt" 2>/dev/null &
  local sampler=$!; PIDS+=("$sampler")
  run wrk -t2 -c64 -d"${LOAD_S}s" --timeout 15s -s "$HERE/readmix.lua" "$BASE" -- "$reqs" >"$work/wrk.txt" 2>&1
  local rps errs status lat
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk.txt")
  errs=$(grep -o 'Socket errors:.*' "$work/wrk.txt" | sed 's/Socket errors: //')
  status=$(sed -n 's/^STATUS //p' "$work/wrk.txt"); lat=$(sed -n 's/^LAT //p' "$work/wrk.txt")
  peak=$(sort -n "$work/rss.txt" | tail -1)
  log "load done ($rps requests/s, peak ${peak} MB); idle ${IDLE_S}s"
  sleep "$IDLE_S"
  local idle; idle=$(rss_mb "$SERVER_PID")
  kill "$sampler" 2>/dev/null
  local s5 s503
  s5=$(echo "$status" | sed -n 's/.*5xx=\([0-9]*\).*/\1/p'); s503=$(echo "$status" | sed -n 's/.*503=\([0-9]*\).*/\1/p')
  row "read mix, 64 connections × ${LOAD_S} s" "${rps:-?} requests/s; $status; latency (ms) $lat${errs:+; socket errors: $errs}" \
    "no 5xx but 503" "$([ -n "$s5" ] && [ $((s5 - s503)) = 0 ] && echo pass || echo fail)"
  row "resident memory, peak under load" "${peak:-?} MB (${rss0} MB after start)" "≤ ${RSS_BUDGET_MB} MB" \
    "$([ "${peak:-99999}" -le "$RSS_BUDGET_MB" ] && echo pass || echo fail)"
  row "resident memory, ${IDLE_S} s after the load" "${idle} MB" "≤ ${RSS_BUDGET_MB} MB" \
    "$([ "$idle" -le "$RSS_BUDGET_MB" ] && echo pass || echo fail)"
  stop_server
}

# ---------------------------------------------------------------------------------------------------
trim() { local x=$1; x=${x#"${x%%[![:space:]]*}"}; printf '%s' "${x%"${x##*[![:space:]]}"}"; }
part_build_faults() {
  local bf=$HERE/build-faults.sh
  if [ ! -f "$bf" ]; then
    row "build faults (kill -9, full disk)" "not run: $bf does not exist yet" "-" info
    return
  fi
  log "build faults: $bf"
  run env JAR="$JAR" QUICK="$QUICK" bash "$bf" >"$work/build-faults.txt" 2>"$work/build-faults.err"
  local rc=$? n=0
  while IFS= read -r line; do
    # rows "| check | result | goal | pass/fail |", not the header or the separator
    IFS='|' read -r _ c r g v _ <<<"$line"
    c=$(trim "$c"); r=$(trim "$r"); g=$(trim "$g"); v=$(trim "$v")
    case "$c" in check|"") continue ;; esac
    [[ "$c" =~ ^[-:]+$ ]] && continue
    row "$c" "$r" "$g" "$v"; n=$((n + 1))
  done < <(grep -E '^\|([^|]*\|){4}[[:space:]]*$' "$work/build-faults.txt")
  [ "$n" -gt 0 ] || row "build faults" "build-faults.sh printed no rows (exit $rc): $(tail -1 "$work/build-faults.err")" "-" fail
}

started=$(date -u +%s)
for p in slow big fuzz load build-faults; do
  want "$p" || continue
  case "$p" in
    slow) part_slow ;; big) part_big ;; fuzz) part_fuzz ;; load) part_load ;; build-faults) part_build_faults ;;
  esac
done

# ---------------------------------------------------------------------------------------------------
table() {
  local cpu mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  echo "Reliability suite$([ "$QUICK" = 1 ] && echo ' (--quick)'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu), $mem," \
       "load average $(cut -d' ' -f1-3 /proc/loadavg); jar $(stat -c %s "$JAR") bytes," \
       "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(( $(date -u +%s) - started )) s"
  echo
  echo "| check | result | goal | pass/fail |"
  echo "|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$ROWS"
}
table | tee "$work/table.md"
[ -n "$OUT" ] && cp "$work/table.md" "$OUT"
grep -qP '\tfail$' "$ROWS" && exit 1
exit 0
}
