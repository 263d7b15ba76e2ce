#!/usr/bin/env python3
"""Slow clients against a running server, while normal requests are timed (issue 8, item 7).

Opens N slow-body clients (a POST /kg/sparql announcing a large Content-Length, then one body byte every
INTERVAL seconds) and N slow-header clients (a request line, then one header byte every INTERVAL seconds,
never finishing the headers), holds them for HOLD seconds, and meanwhile sends normal requests one after
another on fresh connections (GET /$/ping and a saved query), timing each. A slow client counts as cut
when the server answers it (e.g. 408) or closes or resets its connection; the time since it connected is
recorded. Prints one JSON object on stdout; progress on stderr. Standard library only.

  python3 slow_clients.py --port 3030 --body 500 --header 500 --hold 60
"""
import argparse
import asyncio
import json
import resource
import sys
import time

PROBE_TIMEOUT = 10.0


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Slow:
    def __init__(self, kind):
        self.kind = kind
        self.connected = None      # monotonic time of connect
        self.cut_after = None      # seconds from connect to the server cutting it
        self.how = None            # 'status NNN', 'closed', 'reset', 'connect failed: ...'


async def slow_client(c, host, port, interval, stop):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 20)
    except Exception as e:  # noqa: BLE001 - reported, not raised
        c.how = 'connect failed: %s' % type(e).__name__
        return
    c.connected = time.monotonic()
    if c.kind == 'body':
        head = ('POST /kg/sparql HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/x-www-form-urlencoded\r\n'
                'Content-Length: 10000000\r\n\r\n' % (host, port)).encode()
        trickle = b'query=SELECT%20*%20WHERE%20%7B%7D%20%23' + b'x' * 100000
    else:
        head = ('GET /$/ping HTTP/1.1\r\nHost: %s:%d\r\nX-Slow: ' % (host, port)).encode()
        trickle = b'a' * 100000

    async def watch():
        try:
            data = await reader.read(64)
        except (ConnectionError, OSError):
            return 'reset'
        if not data:
            return 'closed'
        line = data.split(b'\r\n', 1)[0].decode('latin-1')
        parts = line.split(' ')
        return 'status ' + parts[1] if len(parts) > 1 and line.startswith('HTTP/') else 'data'

    watcher = asyncio.ensure_future(watch())
    try:
        writer.write(head)
        i = 0
        while not stop.is_set() and not watcher.done():
            writer.write(trickle[i:i + 1])
            i += 1
            try:
                await asyncio.wait_for(writer.drain(), 1)
            except asyncio.TimeoutError:
                pass
            try:
                await asyncio.wait_for(asyncio.shield(watcher), interval)
            except asyncio.TimeoutError:
                pass
    except (ConnectionError, OSError):
        pass
    if watcher.done():
        c.how = watcher.result()
        c.cut_after = time.monotonic() - c.connected
    elif not stop.is_set():
        c.how = 'reset'
        c.cut_after = time.monotonic() - c.connected
    watcher.cancel()
    writer.close()


async def probe(host, port, path):
    """One normal request on a fresh connection: (seconds, status or error text)."""
    t0 = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), PROBE_TIMEOUT)
        writer.write(('GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept: */*\r\nConnection: close\r\n\r\n'
                      % (path, host, port)).encode())
        data = await asyncio.wait_for(reader.read(), PROBE_TIMEOUT - (time.monotonic() - t0))
        writer.close()
        line = data.split(b'\r\n', 1)[0].decode('latin-1')
        parts = line.split(' ')
        status = parts[1] if len(parts) > 1 else 'no status'
        return time.monotonic() - t0, status
    except asyncio.TimeoutError:
        return time.monotonic() - t0, 'timeout'
    except (ConnectionError, OSError) as e:
        return time.monotonic() - t0, type(e).__name__


async def probe_loop(host, port, paths, until, results):
    while time.monotonic() < until:
        for p in paths:
            dt, status = await probe(host, port, p)
            results.setdefault(p, []).append((dt, status))
        await asyncio.sleep(0.05)


def summarise(samples):
    lat = [dt for dt, _ in samples]
    fails = [s for _, s in samples if s != '200']
    return {'n': len(samples), 'max_s': max(lat) if lat else None, 'p99_s': pct(lat, 99),
            'p50_s': pct(lat, 50), 'failures': len(fails), 'failure_kinds': sorted(set(fails))[:5]}


async def main(a):
    paths = a.probe
    baseline = {}
    await probe_loop(a.host, a.port, paths, time.monotonic() + a.baseline, baseline)
    stop = asyncio.Event()
    clients = [Slow('body') for _ in range(a.body)] + [Slow('header') for _ in range(a.header)]
    t_start = time.monotonic()
    tasks = []
    for i, c in enumerate(clients):
        tasks.append(asyncio.ensure_future(slow_client(c, a.host, a.port, a.interval, stop)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)
    attached = time.monotonic() - t_start
    print('slow clients: %d opened in %.1f s; holding %d s' % (len(clients), attached, a.hold), file=sys.stderr)
    during = {}
    await probe_loop(a.host, a.port, paths, t_start + a.hold, during)
    stop.set()
    await asyncio.wait(tasks, timeout=a.interval * 2 + 5)
    out = {'attach_s': attached, 'hold_s': a.hold, 'interval_s': a.interval,
           'baseline': {p: summarise(v) for p, v in baseline.items()},
           'during': {p: summarise(v) for p, v in during.items()}, 'slow': {}}
    for kind in ('body', 'header'):
        cs = [c for c in clients if c.kind == kind]
        cut = sorted(c.cut_after for c in cs if c.cut_after is not None)
        how = {}
        for c in cs:
            if c.how:
                how[c.how] = how.get(c.how, 0) + 1
        out['slow'][kind] = {'n': len(cs), 'connected': sum(1 for c in cs if c.connected), 'cut': len(cut),
                             'first_cut_s': cut[0] if cut else None, 'median_cut_s': pct(cut, 50),
                             'last_cut_s': cut[-1] if cut else None, 'how': how}
    print(json.dumps(out))


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--body', type=int, default=500, help='slow-body clients')
    ap.add_argument('--header', type=int, default=500, help='slow-header clients')
    ap.add_argument('--hold', type=float, default=60, help='seconds the slow clients are held')
    ap.add_argument('--interval', type=float, default=3, help='seconds between two bytes of a slow client')
    ap.add_argument('--baseline', type=float, default=3, help='seconds of normal requests before attaching')
    ap.add_argument('--probe', action='append', help='path of a normal request (repeatable)')
    a = ap.parse_args()
    a.probe = a.probe or ['/$/ping']
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.body + a.header + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(want, soft)), hard))
    asyncio.run(main(a))
