#!/usr/bin/env python3
"""Samples the resident memory (VmRSS, with the process's children, e.g. nginx workers) of named
processes every second: prints 'EPOCH NAME MB' lines, flushed, until every process has gone.

  python3 rss.py ours=1234 stock=5678 >rss.log &
"""
import os
import sys
import time


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in os.listdir('/proc/%d/task' % p):
                with open('/proc/%d/task/%s/children' % (p, t)) as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def rss_kb(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        return None
    return 0


def main():
    procs = dict((kv.split('=', 1)[0], int(kv.split('=', 1)[1])) for kv in sys.argv[1:])
    while procs:
        now = time.time()
        for name, pid in list(procs.items()):
            top = rss_kb(pid)
            if top is None:
                del procs[name]
                continue
            total = top + sum(rss_kb(c) or 0 for c in tree(pid)[1:])
            print('%.0f %s %d' % (now, name, total // 1024), flush=True)
        time.sleep(1)


if __name__ == '__main__':
    main()
