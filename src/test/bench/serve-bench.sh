#!/usr/bin/env bash
# Serving benchmark (issue 9, item 5): our server side by side with its real alternatives, in one run,
# over the same quads, on loopback.
#
#   ours      java -jar target/aihegemony-kg.jar serve --port P --store DIR   (the README's way)
#   stock     Apache Jena Fuseki 5.6.0 (jena-fuseki-server from Maven Central), TDB2 loaded by
#             tdb2.tdbloader (jena-cmds 5.6.0 of the same release) from the N-Quads dump our build wrote
#             into the store folder (db-…/dumps/aihegemony.nq), run with
#             --set tdb:unionDefaultGraph=true --loc DIR /ds
#   virtuoso  Virtuoso 7 (Debian's virtuoso-opensource), Debian's virtuoso.ini with the paths moved into a
#             temp folder and the ports onto loopback, the same N-Quads loaded by ld_dir/rdf_loader_run;
#             skipped, with a line saying why, when it cannot be installed or started
#   nginx     Debian's nginx on loopback, serving the exact bytes our server answered (fetched first)
#   before    with --before JAR only: our server as it was before, e.g. the jar of the first wave's main
#             (8445d62), started the same way over the store its own `build` makes: the "today's rate" of
#             issue 9, measured in the same run
#
# Points (paired wrk runs: in each round every server of the point runs once, back to back, in a
# rotating order; the ratio ours/peer is taken per round and the median of the rounds reported):
#   select    the README's first SELECT (taken from README.md)            vs stock, virtuoso
#   analytic  SELECT ?s ?l (COUNT(?o) AS ?n) … GROUP BY ?s ?l ORDER BY DESC(?n) LIMIT 20  vs stock, virtuoso
#   saved     /queries/open-platforms.csv?year=2019     vs nginx (same bytes), stock (same query text)
#   data      /data/kaggle as Turtle    vs stock DESCRIBE <…/id/kaggle>, virtuoso DESCRIBE, nginx (same bytes)
#   page      /page/kaggle                                                vs nginx (same bytes)
#   ask       ASK { <…/id/kaggle> ?p ?o }                                 vs stock, virtuoso
#   miss      the README's SELECT with a comment that differs on every request (miss.lua): the
#             cache-miss path                                             vs stock, virtuoso
#   analytic-miss  the analytic query with a comment that differs on every request (miss.lua): the
#             engine on a query no cache has seen                         vs stock, virtuoso
#
#   bash src/test/bench/serve-bench.sh --quick                     # smoke run: 32 connections, 3 s, 1 round
#   bash src/test/bench/serve-bench.sh --out bench.md              # 8, 32, 64 connections, 10 s, 3 rounds
#   bash src/test/bench/serve-bench.sh --points saved,data --conns 32 --seconds 5 --reps 5
#
# Options: --jar PATH (target/aihegemony-kg.jar), --points LIST, --conns LIST (8,32,64), --seconds N (10),
#   --reps N (3), --peers LIST (stock,virtuoso,nginx), --quick, --out FILE (the table as Markdown),
#   --before JAR (our earlier server as a peer, see above), --cache DIR (where the Fuseki jars are copied; target/bench-cache), --no-install (do not apt-get
#   missing Debian packages), --keep (keep the temp folder with the servers' logs), -h/--help.
# Needs java 17, mvn, wrk, curl, python3; nginx and virtuoso-opensource from Debian for those peers
# (apt-get install -y wrk nginx-light virtuoso-opensource; as root the script installs what is missing).
# Every server it starts is stopped on exit. Prints progress on stderr, the table on stdout.
# The whole script is one block, read before it runs, so editing the file during a run cannot break it.
{
set -uo pipefail
cd "$(dirname "$0")/../../.."
HERE=src/test/bench

JAR=target/aihegemony-kg.jar
POINTS=select,analytic,saved,data,page,ask,miss,analytic-miss
CONNS=8,32,64
SECONDS_=10
REPS=3
PEERS=stock,virtuoso,nginx
BEFORE=
OUT=
CACHE=target/bench-cache
INSTALL=1
KEEP=0
QUICK=0
usage() { sed -n '2,/^# The whole script/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift ;;
    --points) POINTS=$2; shift ;;
    --conns) CONNS=$2; shift ;;
    --seconds) SECONDS_=$2; shift ;;
    --reps) REPS=$2; shift ;;
    --peers) PEERS=$2; shift ;;
    --before) BEFORE=$2; shift ;;
    --out) OUT=$2; shift ;;
    --cache) CACHE=$2; shift ;;
    --no-install) INSTALL=0 ;;
    --keep) KEEP=1 ;;
    --quick) QUICK=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "serve-bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then CONNS=32; SECONDS_=3; REPS=1; fi
for p in ${POINTS//,/ }; do
  case "$p" in select|analytic|saved|data|page|ask|miss|analytic-miss) ;; *) echo "serve-bench.sh: unknown point $p (select, analytic, saved, data, page, ask, miss, analytic-miss)" >&2; exit 2 ;; esac
done
for p in ${PEERS//,/ }; do
  case "$p" in stock|virtuoso|nginx) ;; *) echo "serve-bench.sh: unknown peer $p (stock, virtuoso, nginx)" >&2; exit 2 ;; esac
done
for n in ${CONNS//,/ } $SECONDS_ $REPS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "serve-bench.sh: '$n' is not a positive whole number (--conns, --seconds, --reps)" >&2; exit 2; }
done
has() { [[ ",$2," == *",$1,"* ]]; }
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

apt_install() {  # $1 command, $2 package; 0 when the command is there afterwards
  command -v "$1" >/dev/null && return 0
  if [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing $2 (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1; }
  fi
  command -v "$1" >/dev/null
}
for t in java:openjdk-17-jre-headless mvn:maven curl:curl python3:python3 wrk:wrk; do
  apt_install "${t%%:*}" "${t#*:}" || { echo "serve-bench.sh: ${t%%:*} is needed (apt-get install -y ${t#*:})" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "serve-bench.sh: no jar at $JAR; build it with: mvn -B -q -DskipTests package" >&2; exit 2; }

work=$(mktemp -d /tmp/serve-bench.XXXXXX); chmod 755 "$work"
PIDS=()
CHILD=
# runs a command in the background and waits for it, so that a signal reaches the trap at once
run() { "$@" & CHILD=$!; wait "$CHILD"; local rc=$?; CHILD=; return $rc; }
cleanup() {
  local p
  for p in $CHILD "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  if [ "$KEEP" = 1 ]; then echo "serve-bench.sh: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
NOTES=$work/notes.txt; : >"$NOTES"
note() { echo "$*" >>"$NOTES"; log "$*"; }

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
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))'; }
wait_http() {  # $1 url, $2 pid, $3 seconds; 0 when it answers 2xx
  local i
  for i in $(seq 1 $(( $3 * 5 ))); do
    curl -sf -o /dev/null --max-time 2 "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# --- the queries --------------------------------------------------------------------------------------
KG=https://w3id.org/aihegemony
SELECT_Q=$(python3 - <<'EOF'
import re
m = re.search(r"--data-urlencode 'query=(.*?)'", open('README.md', encoding='utf-8').read(), re.S)
print(m.group(1).strip())
EOF
) || { echo "serve-bench.sh: no SELECT found in README.md" >&2; exit 2; }
ANALYTIC_Q='PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l ORDER BY DESC(?n) LIMIT 20'
ASK_Q="ASK { <$KG/id/kaggle> ?p ?o }"
DESCRIBE_Q="DESCRIBE <$KG/id/kaggle>"
# The saved query's text with year=2019 bound as the server binds it: the typed parameter becomes a term.
SAVED_Q=$(python3 - <<'EOF'
text = open('queries/open-platforms.rq', encoding='utf-8').read()
body = '\n'.join(l for l in text.splitlines() if not l.startswith('#+'))
print(body.replace('?__year_gYear', '"2019"^^xsd:gYear').strip())
EOF
)
# The cache-miss queries: the README's SELECT and the analytic query, each with a comment that differs on
# every request (miss.lua puts a number in place of MISS). The text, so the cache key, differs; the
# algebra, the plan and the answer are those of the select and analytic points. (A changing FILTER was
# tried first, but Jena planned it differently; a changing LIMIT was next, but Virtuoso refuses a LIMIT
# over 10,000 with ORDER BY, error SR353.)
printf '%s\n# MISS\n' "$SELECT_Q" >"$work/miss.rq"
printf '%s\n# MISS\n' "$ANALYTIC_Q" >"$work/analytic-miss.rq"
SAVED_PATH='/queries/open-platforms.csv?year=2019'
JSON=application/sparql-results+json

# --- our server and its store -----------------------------------------------------------------------
STORE=$work/store
log "building our store"
java -jar "$JAR" build --store "$STORE" --quiet >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 2; }
NQ=$STORE/$(cat "$STORE/CURRENT")/dumps/aihegemony.nq
[ -s "$NQ" ] || { echo "serve-bench.sh: no N-Quads dump at $NQ" >&2; exit 2; }
NQUADS=$(wc -l <"$NQ")
OURS_PORT=$(free_port)
java -jar "$JAR" serve --port "$OURS_PORT" --store "$STORE" >"$work/ours.log" 2>&1 &
OURS_PID=$!; PIDS+=("$OURS_PID")
wait_http "http://127.0.0.1:$OURS_PORT/\$/ping" "$OURS_PID" 120 || { tail "$work/ours.log" >&2; exit 2; }
OURS=http://127.0.0.1:$OURS_PORT
log "ours on $OURS (pid $OURS_PID), dump $NQUADS quads"
declare -A PID_OF=([ours]=$OURS_PID) BASE_OF=([ours]=$OURS) SPARQL_OF=([ours]=/kg/sparql)

# --- our earlier server (--before) --------------------------------------------------------------------
if [ -n "$BEFORE" ]; then
  if [ ! -f "$BEFORE" ]; then note "before: skipped, no jar at $BEFORE"
  elif ! java -jar "$BEFORE" build --store "$work/before-store" >"$work/before-build.log" 2>&1; then
    note "before: skipped, its build failed: $(tail -1 "$work/before-build.log")"
  else
    P=$(free_port)
    java -jar "$BEFORE" serve --port "$P" --store "$work/before-store" >"$work/before.log" 2>&1 &
    PID_OF[before]=$!; PIDS+=("${PID_OF[before]}")
    if wait_http "http://127.0.0.1:$P/\$/ping" "${PID_OF[before]}" 120; then
      BASE_OF[before]=http://127.0.0.1:$P; SPARQL_OF[before]=/kg/sparql
      note "before: $(basename "$BEFORE") ($(java -jar "$BEFORE" --version 2>/dev/null | head -1)), its own store of $(sed -n 's/.*(\([0-9]*\) quads).*/\1/p' "$work/before-build.log" | tail -1) quads, started as ours is"
    else note "before: skipped, it did not start: $(tail -1 "$work/before.log")"; fi
  fi
fi

# --- stock Fuseki -------------------------------------------------------------------------------------
if has stock "$PEERS"; then
  FJ=$CACHE/jena-fuseki-server-5.6.0.jar; CJ=$CACHE/jena-cmds-5.6.0.jar
  mkdir -p "$CACHE"
  for a in jena-fuseki-server jena-cmds; do
    [ -f "$CACHE/$a-5.6.0.jar" ] || mvn -B -q dependency:copy -Dartifact="org.apache.jena:$a:5.6.0" \
      -DoutputDirectory="$CACHE" >"$work/mvn-$a.log" 2>&1 || tail -5 "$work/mvn-$a.log" >&2
  done
  if [ -f "$FJ" ] && [ -f "$CJ" ]; then
    export RIOT_CP="$FJ:$CJ"   # also counts the triples of the Turtle answers below
    log "stock: tdb2.tdbloader $NQUADS quads"
    if run java -cp "$FJ:$CJ" tdb2.tdbloader --loc "$work/stock-tdb" "$NQ" >"$work/stock-load.log" 2>&1; then
      P=$(free_port)
      # FUSEKI_BASE: the server's run/ folder (config, logs), which it otherwise makes in the current folder
      FUSEKI_BASE=$work/stock-base java -jar "$FJ" --localhost --port "$P" --set tdb:unionDefaultGraph=true \
        --loc "$work/stock-tdb" /ds >"$work/stock.log" 2>&1 &
      PID_OF[stock]=$!; PIDS+=("${PID_OF[stock]}")
      if wait_http "http://127.0.0.1:$P/\$/ping" "${PID_OF[stock]}" 120; then
        BASE_OF[stock]=http://127.0.0.1:$P; SPARQL_OF[stock]=/ds/sparql
        log "stock Fuseki 5.6.0 on ${BASE_OF[stock]}"
      else note "stock: skipped, Fuseki did not start: $(tail -1 "$work/stock.log")"; fi
    else note "stock: skipped, tdb2.tdbloader failed: $(tail -1 "$work/stock-load.log")"; fi
  else note "stock: skipped, could not copy jena-fuseki-server/jena-cmds 5.6.0 with mvn dependency:copy"; fi
fi

# --- Virtuoso -----------------------------------------------------------------------------------------
if has virtuoso "$PEERS"; then
  if apt_install virtuoso-t virtuoso-opensource && command -v isql-vt >/dev/null && [ -f /etc/virtuoso-opensource-7/virtuoso.ini ]; then
    V=$work/virtuoso; mkdir -p "$V/data"; cp "$NQ" "$V/data/"
    VP=$(free_port); VH=$(free_port)
    sed -e "s#/var/lib/virtuoso-opensource-7/db/#$V/#g" \
        -e "s#^ServerPort *= *1111.*#ServerPort = 127.0.0.1:$VP#" -e "s#^ServerPort *= *8890.*#ServerPort = 127.0.0.1:$VH#" \
        -e "s#^DirsAllowed *=.*#DirsAllowed = ., $V/data, /usr/share/virtuoso-opensource-7/vad#" \
        /etc/virtuoso-opensource-7/virtuoso.ini >"$V/virtuoso.ini"
    virtuoso-t -f -c "$V/virtuoso.ini" >"$V/out.log" 2>&1 &
    PID_OF[virtuoso]=$!; PIDS+=("${PID_OF[virtuoso]}")
    if wait_http "http://127.0.0.1:$VH/sparql?query=ASK%7B%7D" "${PID_OF[virtuoso]}" 180; then
      log "virtuoso: loading $NQUADS quads"
      isql-vt "127.0.0.1:$VP" dba dba exec="ld_dir('$V/data', 'aihegemony.nq', 'urn:aihegemony:default'); rdf_loader_run(); checkpoint;" \
        >"$V/load.log" 2>&1
      n=$(curl -s --max-time 30 -H 'Accept: text/csv' "http://127.0.0.1:$VH/sparql" --data-urlencode \
        "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"$KG/\")) }" | tail -1 | tr -d '"\r')
      BASE_OF[virtuoso]=http://127.0.0.1:$VH; SPARQL_OF[virtuoso]=/sparql
      note "virtuoso: $(virtuoso-t -? 2>&1 | grep -o 'Version [^ ]*' | head -1), $n of $NQUADS quads loaded, Debian's virtuoso.ini (ServerThreads, buffers) otherwise unchanged"
    else note "virtuoso: skipped, it did not start: $(tail -1 "$V/out.log")"; fi
  else note "virtuoso: skipped, virtuoso-opensource is not installed and could not be (apt-get install -y virtuoso-opensource)"; fi
fi

# --- nginx over the same bytes -------------------------------------------------------------------------
if has nginx "$PEERS"; then
  if apt_install nginx nginx-light; then
    N=$work/nginx; mkdir -p "$N/www" "$N/tmp"
    curl -sf --max-time 60 -o "$N/www/saved.csv" "$OURS$SAVED_PATH" \
      && curl -sf --max-time 60 -o "$N/www/kaggle.ttl" "$OURS/data/kaggle.ttl" \
      && curl -sf --max-time 60 -H 'Accept: text/html' -o "$N/www/kaggle.html" "$OURS/page/kaggle"
    NP=$(free_port)
    cat >"$N/nginx.conf" <<EOF
worker_processes auto;
pid $N/nginx.pid;
error_log $N/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $N/tmp; proxy_temp_path $N/tmp; fastcgi_temp_path $N/tmp; uwsgi_temp_path $N/tmp; scgi_temp_path $N/tmp;
  types { text/csv csv; text/turtle ttl; text/html html; }
  charset utf-8; charset_types text/csv text/turtle text/html;
  server { listen 127.0.0.1:$NP; root $N/www; }
}
EOF
    chmod -R a+rX "$N"
    nginx -p "$N" -c "$N/nginx.conf" -g 'daemon off;' >"$N/out.log" 2>&1 &
    PID_OF[nginx]=$!; PIDS+=("${PID_OF[nginx]}")
    if wait_http "http://127.0.0.1:$NP/saved.csv" "${PID_OF[nginx]}" 30; then
      BASE_OF[nginx]=http://127.0.0.1:$NP
      note "nginx: $(nginx -v 2>&1 | sed 's/.*: //'), serving our bytes: saved.csv $(stat -c %s "$N/www/saved.csv") B, kaggle.ttl $(stat -c %s "$N/www/kaggle.ttl") B, kaggle.html $(stat -c %s "$N/www/kaggle.html") B"
    else note "nginx: skipped, it did not start: $(tail -1 "$N/error.log" 2>/dev/null)"; fi
  else note "nginx: skipped, not installed and could not be (apt-get install -y nginx-light)"; fi
fi

# --- what each server answers at each point ------------------------------------------------------------
# A point's request per server: "PATH<TAB>ACCEPT<TAB>TEMPLATE" (TEMPLATE, a query with MISS for miss.lua,
# only for the points whose query changes on every request).
declare -A REQ
sparql_get() { echo "${SPARQL_OF[$1]}?query=$(printf '%s' "$2" | urlenc)"; }
for s in ours before stock virtuoso nginx; do
  [ -n "${BASE_OF[$s]:-}" ] || continue
  case "$s" in
    ours|before|stock|virtuoso)
      REQ[select,$s]="$(sparql_get "$s" "$SELECT_Q")	$JSON"
      REQ[analytic,$s]="$(sparql_get "$s" "$ANALYTIC_Q")	$JSON"
      REQ[ask,$s]="$(sparql_get "$s" "$ASK_Q")	$JSON"
      REQ[miss,$s]="${SPARQL_OF[$s]}	$JSON	$work/miss.rq"
      REQ[analytic-miss,$s]="${SPARQL_OF[$s]}	$JSON	$work/analytic-miss.rq"
      ;;
  esac
  case "$s" in
    ours|before) REQ[saved,$s]="$SAVED_PATH	text/csv"; REQ[data,$s]="/data/kaggle	text/turtle"; REQ[page,$s]="/page/kaggle	text/html" ;;
    stock) REQ[saved,$s]="$(sparql_get "$s" "$SAVED_Q")	text/csv"; REQ[data,$s]="$(sparql_get "$s" "$DESCRIBE_Q")	text/turtle" ;;
    virtuoso) REQ[data,$s]="$(sparql_get "$s" "$DESCRIBE_Q")	text/turtle" ;;
    nginx) REQ[saved,$s]="/saved.csv	text/csv"; REQ[data,$s]="/kaggle.ttl	text/turtle"; REQ[page,$s]="/kaggle.html	text/html" ;;
  esac
done

answer_size() {  # $1 media type, $2 file: how many results, so the servers' answers can be compared
  python3 - "$1" "$2" <<'EOF2'
import json, os, re, subprocess, sys
t, f = sys.argv[1], sys.argv[2]
try:
    if 'json' in t:
        d = json.load(open(f, encoding='utf-8'))
        print('boolean %s' % d['boolean'] if 'boolean' in d else '%d rows' % len(d['results']['bindings']))
    elif t == 'text/csv':
        print('%d rows' % (len(open(f, encoding='utf-8').read().strip().splitlines()) - 1))
    elif t == 'text/turtle' and os.environ.get('RIOT_CP'):
        r = subprocess.run(['java', '-cp', os.environ['RIOT_CP'], 'riotcmd.riot', '--count', '--syntax=turtle', f],
                           capture_output=True, text=True)
        m = re.search(r'Triples\s*=\s*([\d,]+)', r.stdout + r.stderr)
        print('%s triples' % m.group(1) if m else 'riot: ' + (r.stderr.strip().splitlines() or ['?'])[-1][:80])
    else:
        print('%d lines' % len(open(f, encoding='utf-8').read().splitlines()))
except Exception as e:
    print('unreadable: %s' % type(e).__name__)
EOF2
}
{
  echo "What each server answers (one request each, before the runs):"
  for point in ${POINTS//,/ }; do
    for s in ours before stock virtuoso nginx; do
      r=${REQ[$point,$s]:-}; [ -n "$r" ] || continue
      IFS=$'\t' read -r path accept lua <<<"$r"
      [ -n "$lua" ] && path="$path?query=$(sed "s/MISS/1$(date +%s%N | cut -c1-15)/" "$lua" | urlenc)"
      out=$(curl -s --max-time 60 -o "$work/answer" -D "$work/headers" -w '%{http_code} %{size_download} %{time_total}' -H "Accept: $accept" "${BASE_OF[$s]}$path")
      xc=$(sed -n 's/^[Xx]-[Cc]ache: *\([A-Z]*\).*/, X-Cache \1/p' "$work/headers")
      printf '  %-13s %-9s status %s, %6s bytes, %5.3f s, %s%s\n' "$point" "$s" $out "$(answer_size "$accept" "$work/answer")" "$xc"
    done
  done
} | tee "$work/answers.txt" >&2

# --- the runs -----------------------------------------------------------------------------------------
RUNS=$work/runs.tsv; : >"$RUNS"
names=(); for s in ours before stock virtuoso nginx; do [ -n "${PID_OF[$s]:-}" ] && names+=("$s=${PID_OF[$s]}"); done
python3 "$HERE/rss.py" "${names[@]}" >"$work/rss.log" &
PIDS+=($!)

wrk_run() {  # $1 point, $2 server, $3 conns, $4 seconds; prints "rps p50 p99 errors"
  local r=${REQ[$1,$2]} path accept lua
  IFS=$'\t' read -r path accept lua <<<"$r"
  local args=(-t2 -c"$3" -d"$4s" --timeout 30s --latency -H "Accept: $accept")
  if [ -n "$lua" ]; then
    run wrk "${args[@]}" -s "$HERE/miss.lua" "${BASE_OF[$2]}" -- "$path" "$accept" "$lua" >"$work/wrk.out" 2>&1
  else
    run wrk "${args[@]}" "${BASE_OF[$2]}$path" >"$work/wrk.out" 2>&1
  fi
  python3 - "$work/wrk.out" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s|m)$', v)
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000, 'm': 60000}[m.group(2)] if m else ''
rps = re.search(r'Requests/sec:\s*([\d.]+)', t)
p50 = re.search(r'^\s*50%\s+(\S+)', t, re.M)
p99 = re.search(r'^\s*99%\s+(\S+)', t, re.M)
err = sum(int(x) for x in re.findall(r'(?:connect|read|write|timeout) (\d+)', t))
non = re.search(r'Non-2xx or 3xx responses:\s*(\d+)', t)
err += int(non.group(1)) if non else 0
r3 = lambda x: round(x, 3) if x != '' else ''
print(rps.group(1) if rps else '', r3(ms(p50.group(1))) if p50 else '', r3(ms(p99.group(1))) if p99 else '', err)
EOF
}

order_of() {  # $1 point: the servers that answer it, ours first
  local s out=()
  for s in ours before stock virtuoso nginx; do [ -n "${REQ[$1,$s]:-}" ] && out+=("$s"); done
  echo "${out[@]}"
}
total=0
for point in ${POINTS//,/ }; do
  read -r -a servers <<<"$(order_of "$point")"
  [ ${#servers[@]} -gt 1 ] || note "$point: no peer is running; ours alone"
  total=$(( total + ${#servers[@]} * REPS * $(echo "${CONNS//,/ }" | wc -w) ))
done
log "$total wrk runs of ${SECONDS_}s each (plus warm-ups): about $(( total * (SECONDS_ + 4) / 60 + 1 )) minutes"

for point in ${POINTS//,/ }; do
  read -r -a servers <<<"$(order_of "$point")"
  for s in "${servers[@]}"; do  # warm-up: JIT, caches, connections
    wrk_run "$point" "$s" 8 "$([ "$QUICK" = 1 ] && echo 1 || echo 3)" >/dev/null
  done
  for c in ${CONNS//,/ }; do
    for rep in $(seq 1 "$REPS"); do
      n=${#servers[@]}
      for k in $(seq 0 $((n - 1))); do
        s=${servers[$(( (k + rep - 1) % n ))]}
        t0=$(date +%s.%N)
        read -r rps p50 p99 err <<<"$(wrk_run "$point" "$s" "$c" "$SECONDS_")"
        t1=$(date +%s.%N)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t0" "$t1" "$point" "$c" "$rep" "$s" "$rps" "$p50" "$p99" "$err" >>"$RUNS"
        log "$point c=$c round $rep $s: ${rps:-?} requests/s, p50 ${p50:-?} ms, p99 ${p99:-?} ms, errors $err"
      done
    done
  done
done

# --- the table ----------------------------------------------------------------------------------------
{
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  echo "Serving benchmark$([ "$QUICK" = 1 ] && echo ' (--quick)'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu)," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg);" \
       "wrk -t2, ${SECONDS_} s per run, $REPS round(s), connections $CONNS; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
       "$NQUADS quads. wrk shares the machine's cores with the servers."
  echo
  sed 's/^/- /' "$NOTES"; echo
  echo '```'; cat "$work/answers.txt"; echo '```'; echo
  python3 "$HERE/summarise.py" "$RUNS" "$work/rss.log"
} >"$work/table.md"
cat "$work/table.md"
[ -n "$OUT" ] && cp "$work/table.md" "$OUT" && log "table written to $OUT"
exit 0
}
