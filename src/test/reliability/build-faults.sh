#!/usr/bin/env bash
# Build faults (issue 8 item 6, issue 10): what a build leaves when it is killed or the disk fills up.
#
#   src/test/reliability/build-faults.sh        KILLS=8 (kill -9 trials), WORK=/tmp/kg-build-faults
#
# Uses the packaged jar and the repository's own sources. Cases:
#   kill -9   a build (--force) killed at a random moment: the last good store must still answer a saved
#             query, CURRENT must name a complete store, and the next build must remove the leftovers.
#   two builds at once on one store root: neither corrupts the other; the second waits or refuses.
#   full disk a small tmpfs as the store root (needs root and mount; skipped with a message otherwise):
#             the build must fail with KG-STORE naming the free space and leave only the last good store.
# Prints one Markdown table.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
jar="${JAR:-$repo/target/aihegemony-kg.jar}"
work="${WORK:-/tmp/kg-build-faults}"
kills="${KILLS:-8}"
[ -f "$jar" ] || { echo "No $jar: run 'mvn -B package -DskipTests' first" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work"
kg() { java -Xmx1g -jar "$jar" "$@" --sources "$repo"; }
rows=()

# complete ROOT: 0 when CURRENT names a folder holding kg-build.properties
complete() { local d; d="$(cat "$1/CURRENT" 2>/dev/null)" && [ -n "$d" ] && [ -f "$1/$d/kg-build.properties" ]; }
# serves ROOT: 0 when a saved query answers from the current store (without rebuilding: sources unchanged)
# (a generous --timeout: on a shared, overloaded machine a cold JVM's first query can take a minute)
serves() {
  local out; out=$(kg query --store "$1" --timeout 600 --format csv open-platforms 2>&1)
  grep -q "Baidu" <<<"$out" || { echo "query failed: $(grep -m1 Error <<<"$out")" >&2; return 1; }
}
leftovers() { find "$1" -maxdepth 1 -name 'staging-*' | wc -l; }

# --- a good store, and how long a build takes
root="$work/kill"
start=$(date +%s.%N)
kg build --quiet --store "$root" >/dev/null 2>&1 || { echo "the first build failed" >&2; exit 1; }
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
echo "one build: ${secs}s" >&2

# --- kill -9 at random moments
ok=0; left_after_kill=0; left_after_next=0
for ((i = 1; i <= kills; i++)); do
  delay=$(awk -v m="$secs" -v r="$RANDOM" 'BEGIN {printf "%.1f", 0.5 + (m - 0.5) * r / 32768}')
  java -Xmx1g -jar "$jar" build --quiet --force --store "$root" --sources "$repo" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  left_after_kill=$((left_after_kill + $(leftovers "$root")))
  if complete "$root" && serves "$root"; then ok=$((ok + 1)); else echo "kill at ${delay}s: store broken" >&2; fi
  echo "kill -9 after ${delay}s: leftovers $(leftovers "$root")" >&2
done
kg build --quiet --force --store "$root" >/dev/null 2>&1
left_after_next=$(leftovers "$root")
stores=$(find "$root" -maxdepth 1 -name 'db-*' | wc -l)
rows+=("| kill -9 at a random moment of a build | $kills | last good store answered after $ok/$kills kills; $left_after_kill unfinished folders seen after the kills, $left_after_next after the next build; $stores stores kept (current + previous) |")

# --- two builds at once
root2="$work/concurrent"
kg build --quiet --store "$root2" >/dev/null 2>&1
java -Xmx1g -jar "$jar" build --force --store "$root2" --sources "$repo" >"$work/c1.out" 2>"$work/c1.err" & p1=$!
sleep 1
java -Xmx1g -jar "$jar" build --force --store "$root2" --sources "$repo" >"$work/c2.out" 2>"$work/c2.err" & p2=$!
wait "$p1"; r1=$?; wait "$p2"; r2=$?
waited=$(grep -c "Waiting for another build" "$work/c2.err")
refused=$(grep -o "KG-STORE.*Another build is running" "$work/c2.err" | head -1)
state="broken"; complete "$root2" && serves "$root2" && state="serves"
rows+=("| two builds at once on one store | 1 | exit codes $r1 and $r2; second $([ "$waited" -gt 0 ] && echo waited)${refused:+, refused}; store $state; $(leftovers "$root2") unfinished folders |")

# --- full disk
root3="$work/full"
mkdir -p "$root3"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=12m tmpfs "$root3" 2>/dev/null; then
  if kg build --quiet --store "$root3" >/dev/null 2>"$work/full1.err"; then
    kg build --quiet --force --store "$root3" >/dev/null 2>"$work/full2.err"; rc=$?
    msg=$(grep -o "Error KG-[A-Z-]*: [^;]*" "$work/full2.err" | head -1 | cut -c1-140)
    state="broken"; complete "$root3" && serves "$root3" && state="serves"
    rows+=("| full disk (12 MiB tmpfs) during a build | 1 | exit $rc: ${msg:-no message}; last good store $state; $(leftovers "$root3") unfinished folders, $(find "$root3" -maxdepth 1 -name 'db-*' | wc -l) stores |")
  else
    rows+=("| full disk (12 MiB tmpfs) during a build | 0 | the first build did not fit: $(head -1 "$work/full1.err") |")
  fi
  umount "$root3"
else
  echo "full disk: skipped (mounting a tmpfs needs root and mount permission)" >&2
  rows+=("| full disk (tmpfs) during a build | 0 | skipped: mounting a tmpfs is not allowed here |")
fi

echo
echo "Build faults, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| case | runs | result |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
