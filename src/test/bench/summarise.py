#!/usr/bin/env python3
"""Turns serve-bench.sh's raw runs into one Markdown table: per point, connection count and server the
median requests/s, p50 and p99 latency (ms) over the repeats, the errors (summed), the server's peak
resident memory during those runs, and the median over the repeats of ours/peer requests/s (each repeat
pairs runs made back to back in the same round).

  python3 summarise.py runs.tsv rss.log
runs.tsv columns: start end point conns rep server rps p50_ms p99_ms errors
rss.log lines: EPOCH NAME MB (rss.py)
"""
import statistics
import sys

ORDER = ['ours', 'before', 'stock', 'virtuoso', 'nginx']


def fmt(x, digits=0):
    if x is None:
        return '—'
    if digits == 0:
        return '{:,.0f}'.format(x)
    return '{:,.{}f}'.format(x, digits)


def ratio_fmt(x):
    return '{:.3g}'.format(x) if x < 10 else '{:,.0f}'.format(x)


def main():
    runs = []
    with open(sys.argv[1]) as f:
        for line in f:
            c = line.rstrip('\n').split('\t')
            if len(c) < 10:
                continue
            runs.append({'start': float(c[0]), 'end': float(c[1]), 'point': c[2], 'conns': int(c[3]),
                         'rep': int(c[4]), 'server': c[5], 'rps': float(c[6]) if c[6] else None,
                         'p50': float(c[7]) if c[7] else None, 'p99': float(c[8]) if c[8] else None,
                         'errors': int(c[9]) if c[9] else 0})
    rss = []
    try:
        with open(sys.argv[2]) as f:
            for line in f:
                p = line.split()
                if len(p) == 3:
                    rss.append((float(p[0]), p[1], int(p[2])))
    except OSError:
        pass
    points = []
    for r in runs:
        if r['point'] not in points:
            points.append(r['point'])
    print('| point | conn. | server | requests/s | p50 ms | p99 ms | errors | peak RSS MB | ours/server (median of pairs) |')
    print('|---|---|---|---|---|---|---|---|---|')
    peaks = {}
    for point in points:
        for conns in sorted(set(r['conns'] for r in runs if r['point'] == point)):
            sel = [r for r in runs if r['point'] == point and r['conns'] == conns]
            servers = sorted(set(r['server'] for r in sel), key=lambda s: ORDER.index(s) if s in ORDER else 99)
            ours = {r['rep']: r['rps'] for r in sel if r['server'] == 'ours'}
            for s in servers:
                rs = [r for r in sel if r['server'] == s]
                med = lambda k: statistics.median([r[k] for r in rs if r[k] is not None]) \
                    if any(r[k] is not None for r in rs) else None
                peak = max([mb for t, n, mb in rss if n == s and any(r['start'] - 1 <= t <= r['end'] + 1 for r in rs)],
                           default=None)
                ratios = [ours[r['rep']] / r['rps'] for r in rs
                          if s != 'ours' and r['rps'] and ours.get(r['rep']) is not None]
                ratio = '—' if s == 'ours' else (ratio_fmt(statistics.median(ratios)) + (' (%s)' % ', '.join(
                    ratio_fmt(x) for x in ratios) if len(ratios) > 1 else '') if ratios else 'n/a')
                rps = med('rps')
                print('| %s | %d | %s | %s | %s | %s | %d | %s | %s |' % (
                    point, conns, s, fmt(rps, 1 if rps is not None and rps < 100 else 0), fmt(med('p50'), 1), fmt(med('p99'), 1),
                    sum(r['errors'] for r in rs), fmt(peak), ratio))
    for t, n, mb in rss:
        peaks[n] = max(peaks.get(n, 0), mb)
    if peaks:
        print()
        print('Peak resident memory over the whole run: ' + ', '.join(
            '%s %s MB' % (n, fmt(peaks[n])) for n in sorted(peaks, key=lambda s: ORDER.index(s) if s in ORDER else 99)))


if __name__ == '__main__':
    main()
