#!/usr/bin/env python3
"""Reads three saved queries of the AI Hegemony KG over its web API, with the standard library only.

    python3 queries/example.py [BASE_URL]

BASE_URL defaults to $AIH_KG_URL, then http://localhost:3030 (start the server first:
java -jar target/aihegemony-kg.jar). Each saved query answers at BASE_URL/queries/NAME.csv; parameters go
in the query string, and are bound as RDF terms of their declared type (see /queries or /api-docs).
"""
import csv
import io
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


def get(base, path, **params):
    """GETs one API path; a parameter given a list is repeated (year=2018&year=2019)."""
    url = base.rstrip("/") + path
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        # The API answers 400/404/503 with one line saying what is wrong.
        sys.exit(f"{url}: {e.code} {e.read().decode('utf-8').strip()}")
    except urllib.error.URLError as e:
        sys.exit(f"{url}: {e.reason} (is the server running? java -jar target/aihegemony-kg.jar)")


def rows(base, name, **params):
    """A saved query's answer as a list of dicts, one per row, read from its CSV form."""
    return list(csv.DictReader(io.StringIO(get(base, f"/queries/{name}.csv", **params))))


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("AIH_KG_URL", "http://localhost:3030")

    # 1. What is there: the list of saved queries, with their parameters.
    listing = json.loads(get(base, "/queries"))["queries"]
    print(f"{len(listing)} saved queries at {base}/queries")
    for q in listing:
        params = ", ".join(f"{p['name']} ({p['type']})" for p in q["parameters"])
        print(f"  {q['name']:32} {params}")

    # 2. The open innovation platforms China designated in 2019 (CQ02), and all of them by year.
    print()
    designated_2019 = rows(base, "open-platforms", year=2019)
    print(f"Platforms designated in 2019: {len(designated_2019)}")
    for r in designated_2019:
        print(f"  {r['companyEn']:22} {r['domainEn']}")
    per_year = {}
    for r in rows(base, "open-platforms"):
        per_year[r["year"]] = per_year.get(r["year"], 0) + 1
    print("Platforms per year (a chart in text):")
    for year, n in sorted(per_year.items()):
        print(f"  {year} {'#' * n} {n}")

    # 3. Where the graph's statements about Baidu come from: the evidence passage of each.
    print()
    provenance = rows(base, "statement-provenance", resource="https://w3id.org/aihegemony/id/baidu")
    print(f"Statements about Baidu: {len(provenance)}")
    for r in provenance[:5]:
        print(f"  {r['direction']:8} {r['predicateEn']:20} {r['valueEn'][:50]}")


if __name__ == "__main__":
    main()
