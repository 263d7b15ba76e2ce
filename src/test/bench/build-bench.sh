#!/usr/bin/env bash
# Build benchmark (issue 10): `build` with -Xmx1g against Jena's own bulk loader (tdb2.tdbloader, from
# the jena-fuseki-server 5.6.0 jar) on the same files, in paired runs, then three queries on both stores.
#
#   src/test/bench/build-bench.sh [N ...]        default: 1000000; e.g. 1000000 5000000 10000000
#   PAIRS=3 WORK=/tmp/kg-build-bench JAR=...     paired runs per size; scratch folder; the jar to test
#   BEFORE=path/to/older.jar                     also time that jar's build in every round (same files, same
#                                                -Xmx1g), for the ratio of the jar under test to it; it runs
#                                                first in the rounds where the build runs last and last where
#                                                the build runs first
#   BEFORE_CHECKS=path/to/checks                 the checks folder of that jar's commit (git archive C queries/checks),
#                                                so the older build runs the checks it had, not today's
#   UNCHECKED=1                                  also time, in every round, the same build of the same files with no
#                                                shapes and no checks: what parsing, indexing, inference, dumps, VoID
#                                                and the text index cost without any check, against the loader
#   NOTEXT=1                                     also time, in every round, the same build with --no-text-index (same files,
#                                                same jar): the build as issue 10 describes it, before the text index
#                                                (issue 13) was added, against the loader
#   TEXTINDEXER=1                                also give, in every round, the loader's store the build's text index
#                                                with Jena's own jena.textindexer (textindexer.ttl: same fields,
#                                                Nori for Korean), right after the loader: the build against
#                                                the two Jena tools that together make a store and its text index
#
# Each size gets a source folder: the repository's ontology/ (with shapes), queries/checks/ and rdf/
# (the article), plus rdf/bench.nq written by generate.py (N triples in the project's pattern). The
# loader is given the same RDF files. Per pair the order alternates (build first, then loader first).
# Peak resident memory is /usr/bin/time -v's maximum RSS. Needs java 17, python3, mvn, /usr/bin/time.
# Prints one Markdown table of builds and one of queries (medians; ratio = median of the pairs' ratios).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
jar="${JAR:-$repo/target/aihegemony-kg.jar}"
before="${BEFORE:-}"
[ -z "$before" ] || [ -f "$before" ] || { echo "No $before (BEFORE)" >&2; exit 2; }
before_checks="${BEFORE_CHECKS:-}"
unchecked="${UNCHECKED:-}"
textindexer="${TEXTINDEXER:-}"
notext="${NOTEXT:-}"
[ -z "$before_checks" ] || [ -d "$before_checks" ] || { echo "No folder $before_checks (BEFORE_CHECKS)" >&2; exit 2; }
work="${WORK:-/tmp/kg-build-bench}"
pairs="${PAIRS:-3}"
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(1000000)
[ -f "$jar" ] || { echo "No $jar: run 'mvn -B package -DskipTests' first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "Needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
mkdir -p "$work/tools"
loader_jar="$work/tools/jena-fuseki-server-5.6.0.jar"
if [ ! -f "$loader_jar" ]; then
  mvn -B -q dependency:copy -Dartifact=org.apache.jena:jena-fuseki-server:5.6.0 -DoutputDirectory="$work/tools"
fi
# Nori for jena.textindexer: the version of the Lucene inside that jar (the pom's lucene.version says which)
lucene_version=$(sed -n 's:.*<lucene.version>\(.*\)</lucene.version>.*:\1:p' "$repo/pom.xml")
nori_jar="$work/tools/lucene-analysis-nori-$lucene_version.jar"
if [ -n "$textindexer" ] && [ ! -f "$nori_jar" ]; then
  mvn -B -q dependency:copy -Dartifact="org.apache.lucene:lucene-analysis-nori:$lucene_version" -DoutputDirectory="$work/tools"
fi

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# timed LOG CMD...: runs CMD under /usr/bin/time -v; prints "wall_seconds peak_kib cpu_seconds sys_seconds minor_faults"
# (cpu: user + sys, all threads; on a shared machine it is steadier than wall time; sys and the minor page faults
# show how much of it the kernel took, e.g. for the pages of memory-mapped files)
timed() {
  local log="$1"; shift
  /usr/bin/time -v "$@" >"$log" 2>&1 || { echo "FAILED: $* (see $log)" >&2; tail -20 "$log" >&2; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  faults=$(awk -F': ' '/Minor \(reclaiming a frame\) page faults/ {print $2}' "$log")
  echo "$wall $rss $cpu $sys $faults"
}

queries=(
  "count|SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
  "lookup|SELECT ?g ?p ?o WHERE { GRAPH ?g { <https://w3id.org/aihegemony/id/bench-co-12345> ?p ?o } }"
  "two-hop|SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a <https://w3id.org/aihegemony/ontology#similarTo> ?b } GRAPH ?g2 { ?b <https://w3id.org/aihegemony/ontology#basedIn> ?c } }"
)
# query_time DIR QUERY: the query's own time (tdbquery --time), median of 3 runs
query_time() {
  for _ in 1 2 3; do
    java -cp "$loader_jar" tdb2.tdbquery --loc "$1" --time --results=tsv "$2" 2>&1 >/dev/null | awk '/Time:/ {print $2}'
  done | median
}

build_rows=(); query_rows=(); before_rows=(); unchecked_rows=(); indexer_rows=(); notext_rows=()
for n in "${sizes[@]}"; do
  src="$work/src-$n"
  if [ ! -f "$src/rdf/bench.nq" ]; then
    rm -rf "$src"; mkdir -p "$src/rdf"
    python3 "$repo/src/test/bench/generate.py" "$n" "$src/rdf/bench.nq" >&2
  fi
  # The repository's ontology, checks and article as they are now (a kept folder may hold older ones).
  rm -rf "$src/ontology" "$src/queries"; mkdir -p "$src/queries"; find "$src/rdf" -name '*.trig' -delete
  cp -r "$repo/ontology" "$src/"; cp -r "$repo/queries/checks" "$src/queries/"; cp "$repo"/rdf/*.trig "$src/rdf/"
  # The older build's sources: the same files (hard links), with its own checks when BEFORE_CHECKS says.
  before_src="$src"
  if [ -n "$before" ] && [ -n "$before_checks" ]; then
    before_src="$work/src-$n-before"; rm -rf "$before_src"; mkdir -p "$before_src/queries"
    cp -rl "$src/ontology" "$src/rdf" "$before_src/"; cp -r "$before_checks" "$before_src/queries/checks"
  fi
  # The same files without the shapes and the checks (hard links), for UNCHECKED.
  unchecked_src="$work/src-$n-unchecked"
  if [ -n "$unchecked" ]; then
    rm -rf "$unchecked_src"; mkdir -p "$unchecked_src/queries/checks" "$unchecked_src/ontology"
    cp -rl "$src/rdf" "$unchecked_src/"; find "$src/ontology" -maxdepth 1 -type f -exec cp -l {} "$unchecked_src/ontology/" \;
  fi
  mapfile -t files < <(find "$src/ontology" "$src/rdf" -type f \( -name '*.ttl' -o -name '*.trig' -o -name '*.nq' \) | sort)
  triples=$(cat "${files[@]}" | wc -l)   # an upper bound for the Turtle files; exact for bench.nq
  our_sys=(); their_sys=(); our_faults=(); their_faults=()
  ours=(); theirs=(); ratios=(); our_rss=(); their_rss=(); our_cpu=(); their_cpu=(); olds=(); old_ratios=(); old_cpu=()
  bare=(); bare_ratios=(); bare_cpu=(); texts=(); text_cpu=(); text_ratios=(); plain=(); plain_cpu=(); plain_ratios=(); plain_rss=()
  for ((i = 1; i <= pairs; i++)); do
    run_build() { rm -rf "$work/store-$n"; timed "$work/build-$n-$i.log" java -Xmx1g -jar "$jar" build --quiet --store "$work/store-$n" --sources "$src"; }
    run_loader() { rm -rf "$work/tdb-$n"; timed "$work/loader-$n-$i.log" java -cp "$loader_jar" tdb2.tdbloader --loc "$work/tdb-$n" "${files[@]}"
      if [ -n "$textindexer" ]; then   # on the store just loaded; its time goes to the textindexer rows only
        rm -rf "$work/text-$n"
        sed -e "s|@TDB@|$work/tdb-$n|" -e "s|@TEXT@|$work/text-$n|" "$repo/src/test/bench/textindexer.ttl" >"$work/textindexer-$n.ttl"
        timed "$work/textindexer-$n-$i.log" java -cp "$loader_jar:$nori_jar" jena.textindexer --desc "$work/textindexer-$n.ttl" >"$work/textindexer-$n-$i.time"
        rm -rf "$work/text-$n"
      fi; }
    run_before() { rm -rf "$work/before-$n"; timed "$work/before-$n-$i.log" java -Xmx1g -jar "$before" build --quiet --store "$work/before-$n" --sources "$before_src"; }
    # The older build (BEFORE) runs last in the rounds where the build runs first, and first where the build
    # runs last, so the two builds take each place in a round equally often.
    o=""
    if ((i % 2)); then b=$(run_build); l=$(run_loader); [ -z "$before" ] || o=$(run_before)
    else [ -z "$before" ] || o=$(run_before); l=$(run_loader); b=$(run_build); fi
    read -r bt br bc bs bf <<<"$b"; read -r lt lr lc lsy lf <<<"$l"
    echo "size $n pair $i: build ${bt}s (cpu ${bc}s, sys ${bs}s, ${bf} minor faults) ${br}KiB, tdbloader ${lt}s (cpu ${lc}s, sys ${lsy}s, ${lf} minor faults) ${lr}KiB" >&2
    if [ -n "$before" ]; then
      read -r ot or_ oc _ <<<"$o"
      rm -rf "$work/before-$n"
      echo "size $n pair $i: before ${ot}s (cpu ${oc}s) ${or_}KiB" >&2
      olds+=("$ot"); old_cpu+=("$oc")
      old_ratios+=("$(awk -v a="$bt" -v b="$ot" 'BEGIN {printf "%.2f", a / b}')")
    fi
    if [ -n "$unchecked" ]; then
      rm -rf "$work/unchecked-$n"
      read -r ut ur uc _ <<<"$(timed "$work/unchecked-$n-$i.log" java -Xmx1g -jar "$jar" build --quiet --store "$work/unchecked-$n" --sources "$unchecked_src")"
      rm -rf "$work/unchecked-$n"
      echo "size $n pair $i: without shapes and checks ${ut}s (cpu ${uc}s) ${ur}KiB" >&2
      bare+=("$ut"); bare_cpu+=("$uc")
      bare_ratios+=("$(awk -v a="$ut" -v b="$lt" 'BEGIN {printf "%.2f", a / b}')")
    fi
    if [ -n "$notext" ]; then
      rm -rf "$work/notext-$n"
      read -r nt nr nc _ <<<"$(timed "$work/notext-$n-$i.log" java -Xmx1g -jar "$jar" build --quiet --no-text-index --store "$work/notext-$n" --sources "$src")"
      rm -rf "$work/notext-$n"
      echo "size $n pair $i: build --no-text-index ${nt}s (cpu ${nc}s) ${nr}KiB" >&2
      plain+=("$nt"); plain_cpu+=("$nc"); plain_rss+=("$nr")
      plain_ratios+=("$(awk -v a="$nt" -v b="$lt" 'BEGIN {printf "%.2f", a / b}')")
    fi
    if [ -n "$textindexer" ]; then
      read -r tt tr tc _ <"$work/textindexer-$n-$i.time"
      echo "size $n pair $i: jena.textindexer ${tt}s (cpu ${tc}s) ${tr}KiB" >&2
      texts+=("$tt"); text_cpu+=("$tc")
      text_ratios+=("$(awk -v a="$bt" -v b="$lt" -v c="$tt" 'BEGIN {printf "%.2f", a / (b + c)}')")
    fi
    our_sys+=("$bs"); their_sys+=("$lsy"); our_faults+=("$bf"); their_faults+=("$lf")
    ours+=("$bt"); theirs+=("$lt"); our_rss+=("$br"); their_rss+=("$lr"); our_cpu+=("$bc"); their_cpu+=("$lc")
    ratios+=("$(awk -v a="$bt" -v b="$lt" 'BEGIN {printf "%.2f", a / b}')")
  done
  bm=$(printf '%s\n' "${ours[@]}" | median); lm=$(printf '%s\n' "${theirs[@]}" | median)
  rm_=$(printf '%s\n' "${ratios[@]}" | median)
  bc=$(printf '%s\n' "${our_cpu[@]}" | median); lc=$(printf '%s\n' "${their_cpu[@]}" | median)
  brss=$(printf '%s\n' "${our_rss[@]}" | sort -g | tail -1); lrss=$(printf '%s\n' "${their_rss[@]}" | sort -g | tail -1)
  bs=$(printf '%s\n' "${our_sys[@]}" | median); lsy=$(printf '%s\n' "${their_sys[@]}" | median)
  bf=$(printf '%s\n' "${our_faults[@]}" | median); lf=$(printf '%s\n' "${their_faults[@]}" | median)
  build_rows+=("$(awk -v n="$n" -v t="$triples" -v bm="$bm" -v lm="$lm" -v r="$rm_" -v rs="${ratios[*]}" -v br="$brss" -v lr="$lrss" -v bc="$bc" -v lc="$lc" \
    -v bs="$bs" -v lsy="$lsy" -v bf="$bf" -v lf="$lf" 'BEGIN {
    printf "| %d | %.1f s | %.1f s | %.2f× (%s) | %.0f s / %.0f s | %.1f s / %.1f s; %.2f M / %.2f M | %.0f | %.0f | %.0f MiB | %.0f MiB |", n, bm, lm, r, rs, bc, lc, bs, lsy, bf / 1e6, lf / 1e6, t / bm, t / lm, br / 1024, lr / 1024 }')")
  if [ -n "$before" ]; then
    before_rows+=("$(awk -v n="$n" -v bm="$bm" -v om="$(printf '%s\n' "${olds[@]}" | median)" -v r="$(printf '%s\n' "${old_ratios[@]}" | median)" \
      -v bc="$bc" -v oc="$(printf '%s\n' "${old_cpu[@]}" | median)" -v rs="${old_ratios[*]}" 'BEGIN {
      printf "| %d | %.1f s | %.1f s | %.2f× (%s) | %.0f s / %.0f s |", n, bm, om, r, rs, bc, oc }')")
  fi
  if [ -n "$unchecked" ]; then
    unchecked_rows+=("$(awk -v n="$n" -v bm="$bm" -v um="$(printf '%s\n' "${bare[@]}" | median)" -v lm="$lm" \
      -v r="$(printf '%s\n' "${bare_ratios[@]}" | median)" -v rs="${bare_ratios[*]}" -v uc="$(printf '%s\n' "${bare_cpu[@]}" | median)" -v lc="$lc" 'BEGIN {
      printf "| %d | %.1f s | %.1f s | %.1f s | %.2f× (%s) | %.0f s / %.0f s |", n, bm, um, lm, r, rs, uc, lc }')")
  fi
  if [ -n "$textindexer" ]; then
    indexer_rows+=("$(awk -v n="$n" -v bm="$bm" -v lm="$lm" -v tm="$(printf '%s\n' "${texts[@]}" | median)" \
      -v r="$(printf '%s\n' "${text_ratios[@]}" | median)" -v rs="${text_ratios[*]}" -v bc="$bc" -v lc="$lc" -v tc="$(printf '%s\n' "${text_cpu[@]}" | median)" 'BEGIN {
      printf "| %d | %.1f s | %.1f s | %.1f s | %.2f× (%s) | %.0f s / %.0f s |", n, bm, lm, tm, r, rs, bc, lc + tc }')")
  fi
  if [ -n "$notext" ]; then
    notext_rows+=("$(awk -v n="$n" -v bm="$bm" -v nm="$(printf '%s\n' "${plain[@]}" | median)" -v lm="$lm" \
      -v r="$(printf '%s\n' "${plain_ratios[@]}" | median)" -v rs="${plain_ratios[*]}" -v nc="$(printf '%s\n' "${plain_cpu[@]}" | median)" -v lc="$lc" \
      -v nr="$(printf '%s\n' "${plain_rss[@]}" | sort -g | tail -1)" 'BEGIN {
      printf "| %d | %.1f s | %.1f s | %.1f s | %.2f× (%s) | %.0f s / %.0f s | %.0f MiB |", n, bm, nm, lm, r, rs, nc, lc, nr / 1024 }')")
  fi
  store_dir="$work/store-$n/$(cat "$work/store-$n/CURRENT")"
  for q in "${queries[@]}"; do
    name="${q%%|*}"; text="${q#*|}"
    qo=$(query_time "$store_dir" "$text"); ql=$(query_time "$work/tdb-$n" "$text")
    query_rows+=("| $n | $name | $qo s | $ql s |")
  done
done

echo
echo "Build, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| triples generated | build -Xmx1g (median) | tdb2.tdbloader (median) | ratio (median of $pairs pairs; pairs) | CPU build / loader | of it in the kernel; minor page faults, build / loader | build triples/s | loader triples/s | build peak RSS | loader peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${build_rows[@]}"
if [ -n "$before" ]; then
  echo
  echo "Against the build of $(basename "$before"), in the same rounds (first or last in each round, in turn):"
  echo
  echo "| triples generated | build (median) | before (median) | ratio build / before (pairs) | CPU build / before |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${before_rows[@]}"
fi
if [ -n "$unchecked" ]; then
  echo
  echo "The same build without shapes and checks (same files, same jar, in the same rounds):"
  echo
  echo "| triples generated | build (median) | without shapes and checks (median) | tdb2.tdbloader (median) | ratio without checks / loader (pairs) | CPU without checks / loader |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${unchecked_rows[@]}"
fi
if [ -n "$notext" ]; then
  echo
  echo "The same build with --no-text-index (same files, same jar, in the same rounds), against the loader:"
  echo
  echo "| triples generated | build (median) | build --no-text-index (median) | tdb2.tdbloader (median) | ratio --no-text-index / loader (pairs) | CPU --no-text-index / loader | peak RSS --no-text-index |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${notext_rows[@]}"
fi
if [ -n "$textindexer" ]; then
  echo
  echo "The build against tdb2.tdbloader followed by jena.textindexer (the same text index: fields, predicates, Nori), in the same rounds:"
  echo
  echo "| triples generated | build (median) | tdb2.tdbloader (median) | jena.textindexer (median) | ratio build / (loader + textindexer) (pairs) | CPU build / both |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${indexer_rows[@]}"
fi
echo
echo "| triples generated | query | our store | loader's store |"
echo "|---|---|---|---|"
printf '%s\n' "${query_rows[@]}"
