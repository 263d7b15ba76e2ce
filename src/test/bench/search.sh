#!/usr/bin/env bash
# Times /search against the alternative a newcomer had before it: a SPARQL FILTER(CONTAINS …) over the same
# literals (labels, alternative labels, descriptions, quotes) sent to /kg/sparql. Pairs run alternately,
# sequentially, on one running server; medians of N pairs (default 30) are printed per query.
# Usage: src/test/bench/search.sh http://127.0.0.1:PORT [N]
set -euo pipefail
BASE="${1:?server URL, e.g. http://127.0.0.1:3030}"
N="${2:-30}"
queries=("사이버보안법" "데이터 주권" "크라우드소싱" "Cybersecurity Law" "Kaggle")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
printf '%-20s %14s %16s %8s\n' query "search_ms" "contains_ms" ratio
for q in "${queries[@]}"; do
  lq=$(python3 -c 'import sys; print(sys.argv[1].lower())' "$q")
  sparql="PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX aih: <https://w3id.org/aihegemony/ontology#> SELECT DISTINCT ?s WHERE { VALUES ?p { rdfs:label skos:altLabel aih:description aih:quote } ?s ?p ?l FILTER(CONTAINS(LCASE(STR(?l)), \"$lq\")) } LIMIT 10"
  surl="$BASE/search?q=$(enc "$q")&limit=10"
  curl -s -o /dev/null "$surl"; curl -s -o /dev/null --data-urlencode "query=$sparql" -H 'Accept: application/sparql-results+json' "$BASE/kg/sparql"
  a=(); b=()
  for i in $(seq "$N"); do
    a+=("$(curl -s -o /dev/null -w '%{time_total}' "$surl")")
    b+=("$(curl -s -o /dev/null -w '%{time_total}' --data-urlencode "query=$sparql" -H 'Accept: application/sparql-results+json' "$BASE/kg/sparql")")
  done
  python3 - "$q" "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
q, a, b = sys.argv[1], [float(x) * 1000 for x in sys.argv[2].split()], [float(x) * 1000 for x in sys.argv[3].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"{q:<20} {ma:14.1f} {mb:16.1f} {ma / mb:8.2f}")
PY
done
