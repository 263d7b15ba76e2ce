#!/usr/bin/env python3
"""Writes N triples of synthetic data in the project's pattern, as N-Quads, for the build benchmark.

Each fact group k is one typed bilingual entity (an aih:Company with Korean and English labels), one
aih:Evidence node describing the passage (labels, quote, section, source article) in the data graph,
and the facts the passage states in the evidence's own named graph: where the company is based, where
it operates, a symmetric similarTo link to the previous company, and a bilingual description. The
evidence nodes point at the article's own section and article resources, so the output passes every
SHACL shape and *-violation.rq check when built together with the repository's ontology/ and rdf/.

Usage: generate.py N OUT.nq   (whole fact groups: N rounded up to a multiple of 14)
"""
import sys

AIH = "https://w3id.org/aihegemony/ontology#"
ID = "https://w3id.org/aihegemony/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
QUOTED = "<http://www.w3.org/ns/prov#wasQuotedFrom>"
PER_GROUP = 14


def group(k):
    co, ev = f"<{ID}bench-co-{k}>", f"<{ID}bench-ev-{k}>"
    a = lambda local: f"<{AIH}{local}>"
    lines = [
        f"{co} {RDF_TYPE} {a('Company')} .",
        f'{co} {LABEL} "벤치 기업 {k}"@ko .',
        f'{co} {LABEL} "Bench company {k}"@en .',
        f"{ev} {RDF_TYPE} {a('Evidence')} .",
        f'{ev} {LABEL} "벤치 근거 {k}"@ko .',
        f'{ev} {LABEL} "Bench evidence {k}"@en .',
        f'{ev} {a("quote")} "벤치 기업 {k}은 중국에 본사를 두고 한국에서 영업한다."@ko .',
        f"{ev} {a('section')} <{ID}section-introduction> .",
        f"{ev} {QUOTED} <{ID}article> .",
        f"{co} {a('basedIn')} <{ID}china> {ev} .",
        f"{co} {a('operatesIn')} <{ID}south-korea> {ev} .",
        f'{co} {a("description")} "벤치 기업 {k} 설명"@ko {ev} .',
        f'{co} {a("description")} "Bench company {k} description"@en {ev} .',
    ]
    if k > 0:
        lines.append(f"{co} {a('similarTo')} <{ID}bench-co-{k - 1}> {ev} .")
    return lines


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: generate.py N OUT.nq")
    n = int(sys.argv[1])
    written = 0
    k = 0
    with open(sys.argv[2], "w", encoding="utf-8", buffering=1 << 20) as out:
        while written < n:
            lines = group(k)
            out.write("\n".join(lines))
            out.write("\n")
            written += len(lines)
            k += 1
    print(f"{written} triples in {k} fact groups -> {sys.argv[2]}")


if __name__ == "__main__":
    main()
