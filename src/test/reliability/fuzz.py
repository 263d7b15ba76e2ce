#!/usr/bin/env python3
"""Fuzzed HTTP requests against a running server, counting answers >= 500 other than 503 (issue 8, item 7).

Each request is built from a seeded random generator: mutated saved-query URLs and parameters, odd paths
and percent-encodings (invalid UTF-8, %2f, %00, dot segments, very long paths), random and malformed
Accept headers (';', ';;;,,,', bad q values), random methods (PUT, DELETE, PATCH, ...), SPARQL queries
mutated or nested thousands of '{' deep, form and query bodies with invalid UTF-8, oversized parameters.
Every request is sent raw on its own connection (Connection: close), so what is sent is exactly what is
printed. Prints one JSON object on stdout: counts by status, and the first offending requests as curl
commands and as Python bytes (to replay with a socket). Standard library only.

  python3 fuzz.py --port 3030 --n 20000 --seed 1
"""
import argparse
import json
import random
import shlex
import socket
import sys
import threading
import time
import urllib.request

TIMEOUT = 30.0
KNOWN_METHODS = {'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT'}

SPARQL = [
    'SELECT * WHERE { ?s ?p ?o } LIMIT 5',
    'ASK { ?s ?p ?o }',
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l } LIMIT 10',
    'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5',
    'DESCRIBE <https://w3id.org/aihegemony/id/kaggle>',
    'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }',
    'SELECT ?x WHERE { VALUES ?x { 1 2 3 } } ORDER BY DESC(?x)',
    'INSERT DATA { <urn:a> <urn:b> <urn:c> }',
    'DELETE WHERE { ?s ?p ?o }',
    'LOAD <http://example.org/>',
    'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }',
    'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+$")) } LIMIT 1',
]
ACCEPT = [
    None, '*/*', ';', ';;;,,,', ',', ',,,', '/', 'text/', '/html', 'a/b/c', '*/html', 'text/*;q=', 'text/turtle;q=2',
    'text/turtle;q=abc', 'text/turtle;q=-1', 'text/turtle;;q=0.5', 'text/html;q=0, */*;q=0', 'q=1', '=;=;=',
    'application/sparql-results+json', 'text/csv', 'text/tab-separated-values', 'application/ld+json',
    'application/rdf+xml', 'application/n-triples', 'application/trig', 'application/n-quads', 'text/html',
    'text/turtle; charset=ebcdic', 'text/plain', 'image/png', 'application/json;profile="', 'text/html;level=1;;',
    '\u00e9/\u00e9', 'text/turtle, ' * 200, '*/*;q=0.1, ' * 50 + ';', ' ', '\t;\t',
]
METHODS = ['GET'] * 8 + ['POST'] * 4 + ['HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO',
                                       'CONNECT', 'get']
ODD_PATHS = [
    '/', '/$/ping', '/$/stats', '/$/server', '/$/datasets', '/$/metrics', '/kg', '/kg/', '/kg/sparql', '/kg/query',
    '/kg/update', '/kg/data', '/kg/upload', '/kg/get', '/kg/get?default', '/kg/get?graph=%ff', '/kg/get?graph=',
    '/kg/get?graph=https://w3id.org/aihegemony/graph/data', '/data/a%2fb', '/id/a%2fb', '/page/a%2fb', '/data/%ff',
    '/id/%c0%af', '/page/%c0%af', '/data/%00', '/data/..%2f..%2fetc%2fpasswd', '/static/../../etc/passwd',
    '/static/%2e%2e/%2e%2e/etc/passwd', '/yasgui/%2e%2e/', '/data/kaggle.xyz', '/data/kaggle.', '/data/.ttl',
    '/data/', '/page/', '/id/', '/term/', '/term/%ff', '/graph/', '/graph/nope', '/graph/data', '/dumps/',
    '/dumps/../CURRENT', '/dumps/aihegemony.nq%00', '/ontology', '/ontology.html', '/ontology.xyz', '/void',
    '/.well-known/void', '/.well-known/void.ttl', '/queries', '/queries/', '/openapi.json', '/api-docs',
    '/api-docs/%ff', '//', '///etc/passwd', '/%', '/%%', '/%zz', '/%u0041', '/data/kaggle%', '/\u00e9',
    '/data/kaggle?%ff=%ff', '/page/kaggle?lang=%c0%af', '/id/kaggle#frag', '/data/' + 'a' * 5000,
    '/page/' + '%ff' * 2000, '/queries/' + 'x' * 3000 + '.csv', '/data/kaggle;jsessionid=1', '/data;a=b/kaggle',
    '/kg/sparql?query=%ff', '/kg/sparql?query=%c0%af', '/kg/sparql?query=', '/kg/sparql?update=x',
    '/kg/sparql?query=ASK%7B%7D&default-graph-uri=%ff', '/kg/sparql?query=ASK%7B%7D&named-graph-uri=',
    '/kg/sparql?query=ASK%7B%7D&timeout=-1', '/kg/sparql?query=ASK%7B%7D&query=ASK%7B%7D', '/kg?query=ASK%7B%7D',
]
CONTENT_TYPES = [None, 'application/x-www-form-urlencoded', 'application/sparql-query', 'application/sparql-update',
                 'text/turtle', 'application/json', 'multipart/form-data', 'multipart/form-data; boundary=x',
                 'application/x-www-form-urlencoded; charset=ebcdic', ';', 'text/plain']
BAD_BYTES = ['%ff', '%c0%af', '%ed%a0%80', '%f8%88%80%80%80', '%00', '%2f', '%', '%%', '%zz', '%e2%82', '+', '%2B',
             '"', '}', '{', '#', '\\u0000', '%3Cscript%3E', '%0d%0aX-Injected:%201']


def q(s):
    return urllib.request.quote(s, safe='')


def mutate(s, rng):
    """Deletes, duplicates or replaces a few characters of s."""
    s = list(s)
    for _ in range(rng.randint(1, 4)):
        if not s:
            break
        i = rng.randrange(len(s))
        r = rng.random()
        if r < 0.3:
            del s[i]
        elif r < 0.6:
            s.insert(i, s[i] * rng.randint(1, 50))
        else:
            s[i] = rng.choice(['{', '}', '(', ')', '"', '<', '>', '?', '\\', '\u00e9', '\x00', ' ', '.', ';'])
    return ''.join(s)


def saved_query_path(rng, names, params):
    name = rng.choice(names) if names else 'open-platforms'
    r = rng.random()
    if r < 0.1:
        name = mutate(name, rng)
    elif r < 0.15:
        name = name + rng.choice(BAD_BYTES)
    suffix = rng.choice(['', '.csv', '.tsv', '.json', '.xml', '.ttl', '.nt', '.jsonld', '.rdf', '.html', '.xyz',
                         '.csv.csv', '.', '%2ecsv'])
    parts = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        k = rng.choice(params + ['x', '', '%ff', 'year%00', 'query', '_year_gYear'])
        v = rng.choice(['2019', '2018', '2021', '-1', '99999999999999999999', 'abc', '', 'aihr:baidu', 'aihr:',
                        'https://w3id.org/aihegemony/id/baidu', '<urn:x>', 'x" } UNION { ?s ?p ?o } #',
                        'javascript:alert(1)', '\u00e9\u4e2d', '2019-01-01', '1e400', 'NaN'])
        r = rng.random()
        if r < 0.3:
            v = q(v)
        elif r < 0.5:
            v = rng.choice(BAD_BYTES)
        elif r < 0.55:
            v = 'x' * rng.choice([10000, 100000, 1100000])
        elif r < 0.6:
            v = q(mutate(v, rng))
        else:
            v = q(v)
        parts.append(k + ('' if rng.random() < 0.05 else '=') + v)
    return '/queries/' + name + suffix + ('?' + '&'.join(parts) if parts else '')


def sparql_text(rng):
    r = rng.random()
    if r < 0.08:
        return '{' * rng.choice([100, 1000, 5000, 20000]) + '}' * rng.choice([0, 5000])
    if r < 0.12:
        return 'SELECT * WHERE ' + '{ ' * rng.choice([1000, 5000]) + '?s ?p ?o' + ' }' * 5000
    if r < 0.16:
        return 'SELECT * WHERE { ?s ?p ?o FILTER(' + '(' * 5000 + '1' + ')' * 5000 + ') } LIMIT 1'
    base = rng.choice(SPARQL)
    return mutate(base, rng) if rng.random() < 0.5 else base


def build(rng, names, params, host, port):
    """One request: (method, target, headers list, body bytes)."""
    method = rng.choice(METHODS)
    headers = []
    body = b''
    r = rng.random()
    if r < 0.35:
        target = saved_query_path(rng, names, params)
    elif r < 0.6:
        target = rng.choice(ODD_PATHS)
        if rng.random() < 0.3:
            target = target + rng.choice(BAD_BYTES)
    elif r < 0.75:
        target = rng.choice(['/data/', '/page/', '/id/', '/term/', '/graph/']) + rng.choice(
            ['kaggle', 'china', 'baidu', 'usa', 'nope', 'Actor', 'Company', 'ev-openness-07']) + rng.choice(
            ['', '', '.ttl', '.jsonld', '.nt', '.rdf', '.trig', '.html', '.xyz'] + BAD_BYTES)
    else:
        text = sparql_text(rng)
        ep = rng.choice(['/kg/sparql', '/kg/query', '/kg', '/kg/update', '/queries/open-platforms'])
        how = rng.random()
        if how < 0.5:
            target = ep + '?query=' + q(text)
            if rng.random() < 0.2:
                target += rng.choice(BAD_BYTES)
        else:
            target = ep
            if method in ('GET', 'HEAD'):
                method = 'POST'
            if how < 0.75:
                body = ('query=' + q(text)).encode()
                if rng.random() < 0.3:
                    body += rng.choice([b'%c0%af', b'%ff', b'&query=x', b'&update=x'])
                headers.append(('Content-Type', 'application/x-www-form-urlencoded'))
            else:
                body = text.encode('utf-8', 'surrogatepass')
                if rng.random() < 0.3:
                    body += b'\xff\xfe\xc0\xaf'
                headers.append(('Content-Type', rng.choice(CONTENT_TYPES[1:]) or 'application/sparql-query'))
    if method in ('PUT', 'PATCH') or (method == 'POST' and not body and rng.random() < 0.5):
        body = rng.choice([b'<urn:a> <urn:b> <urn:c> .', b'\xff\xfe', b'{"a":1}', b'x' * 2000])
        ct = rng.choice(CONTENT_TYPES)
        if ct:
            headers.append(('Content-Type', ct))
    a = rng.choice(ACCEPT)
    if a is not None:
        headers.append(('Accept', a))
    if rng.random() < 0.2:
        headers.append(('Accept-Encoding', rng.choice(['gzip', 'br', 'gzip;q=x', ';', 'identity;q=0', '*'])))
    if rng.random() < 0.1:
        headers.append(('If-None-Match', rng.choice(['*', '"x"', 'W/"', '""', ',', 'W/"a", "b"'])))
    if rng.random() < 0.05:
        headers.append(('If-Modified-Since', rng.choice(['yesterday', '', 'Mon, 32 Foo 9999 99:99:99 GMT'])))
    if rng.random() < 0.05:
        headers.append(('Range', rng.choice(['bytes=0-1', 'bytes=-', 'bytes=9-1', 'lines=1'])))
    if rng.random() < 0.05:
        headers.append(('Origin', rng.choice(['null', 'http://evil.example', ';'])))
    if rng.random() < 0.03:
        headers.append(('Access-Control-Request-Method', rng.choice(['PUT', 'GET', ';'])))
    return method, target, headers, body


def raw(method, target, headers, body, host, port):
    lines = ['%s %s HTTP/1.1' % (method, target), 'Host: %s:%d' % (host, port)]
    lines += ['%s: %s' % (k, v) for k, v in headers]
    if body or method in ('POST', 'PUT', 'PATCH'):
        lines.append('Content-Length: %d' % len(body))
    lines.append('Connection: close')
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('utf-8', 'surrogatepass') + body


def curl(method, target, headers, body, host, port):
    cmd = ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}\\n', '--path-as-is', '-X', method]
    for k, v in headers:
        cmd += ['-H', '%s: %s' % (k, v) if v.strip() else '%s;' % k]
    if body:
        if len(body) > 2000:
            return None
        body_arg = body
    else:
        body_arg = None
    if len(target) > 2000:
        return None
    cmd.append('http://%s:%d%s' % (host, port, target))
    line = ' '.join(shlex.quote(c) for c in cmd)
    if body_arg is not None:
        line = line.replace(' -X ', ' --data-binary %s -X ' % shell_bytes(body_arg), 1)
    return line


def shell_bytes(b):
    """b as one shell word: quoted text, or bash's $'...' with \\x escapes when it is not printable ASCII."""
    if all(32 <= c < 127 for c in b):
        return shlex.quote(b.decode('ascii'))
    return "$'" + ''.join(chr(c) if 32 <= c < 127 and chr(c) not in "'\\" else '\\x%02x' % c for c in b) + "'"


def send(data, host, port):
    t0 = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT) as s:
            s.sendall(data)
            s.settimeout(TIMEOUT)
            got = b''
            while b'\r\n' not in got and len(got) < 8192:
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            # drain the rest so the server is not cut short while writing
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
        line = got.split(b'\r\n', 1)[0].decode('latin-1')
        parts = line.split(' ')
        if len(parts) > 1 and line.startswith('HTTP/') and parts[1].isdigit():
            return int(parts[1]), time.monotonic() - t0
        return 'no status', time.monotonic() - t0
    except socket.timeout:
        return 'timeout', time.monotonic() - t0
    except OSError as e:
        return type(e).__name__, time.monotonic() - t0


def saved_queries(host, port):
    try:
        with urllib.request.urlopen(urllib.request.Request('http://%s:%d/queries' % (host, port),
                                                           headers={'Accept': 'application/json'}), timeout=20) as r:
            doc = json.load(r)
    except Exception:  # noqa: BLE001 - fall back to one known name
        return ['open-platforms'], ['year', 'company']
    items = doc if isinstance(doc, list) else doc.get('queries', [])
    names, params = [], set()
    for it in items:
        if isinstance(it, dict) and it.get('name'):
            names.append(it['name'])
            for p in it.get('parameters', []) or []:
                if isinstance(p, dict) and p.get('name'):
                    params.add(p['name'])
    return names or ['open-platforms'], sorted(params) or ['year', 'company']


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--n', type=int, default=20000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--workers', type=int, default=8)
    ap.add_argument('--show', type=int, default=8, help='kinds of offending request shown, one example each')
    ap.add_argument('--log', help='file to write every offending request to (JSON lines)')
    a = ap.parse_args()
    names, params = saved_queries(a.host, a.port)
    rng = random.Random(a.seed)
    reqs = [build(rng, names, params, a.host, a.port) for _ in range(a.n)]
    counts = {}
    bad = []
    lock = threading.Lock()
    idx = iter(range(a.n))
    slowest = [0.0, None]
    t0 = time.monotonic()

    def worker():
        while True:
            with lock:
                i = next(idx, None)
            if i is None:
                return
            m, t, h, b = reqs[i]
            status, dt = send(raw(m, t, h, b, a.host, a.port), a.host, a.port)
            with lock:
                counts[str(status)] = counts.get(str(status), 0) + 1
                if dt > slowest[0]:
                    slowest[0], slowest[1] = dt, i
                if isinstance(status, int) and status >= 500 and status != 503:
                    bad.append((i, status))
                done = sum(counts.values())
                if done % 2000 == 0:
                    print('fuzz: %d/%d sent, %d offending' % (done, a.n, len(bad)), file=sys.stderr)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    bad.sort()
    # which kinds of request offend: by status, method and first path segment; one example of each kind
    groups, example = {}, {}
    for i, status in bad:
        m, t, h, b = reqs[i]
        seg = '/' + t.lstrip('/').split('/', 1)[0].split('?', 1)[0][:20]
        key = '%s %s %s' % (status, m, seg)
        groups[key] = groups.get(key, 0) + 1
        example.setdefault(key, (i, status))
    shown = []
    for key in sorted(groups, key=lambda k: -groups[k])[:a.show]:
        i, status = example[key]
        m, t, h, b = reqs[i]
        shown.append({'index': i, 'status': status, 'kind': key, 'curl': curl(m, t, h, b, a.host, a.port),
                      'raw': repr(raw(m, t, h, b, a.host, a.port)[:300])})
    if a.log:
        with open(a.log, 'w') as f:
            for i, status in bad:
                m, t, h, b = reqs[i]
                f.write(json.dumps({'index': i, 'status': status, 'method': m, 'target': t[:3000], 'headers': h,
                                    'body': b[:3000].decode('latin-1')}) + '\n')
    unknown_method = sum(1 for i, status in bad if status == 501 and reqs[i][0] not in KNOWN_METHODS)
    print(json.dumps({'n': a.n, 'seed': a.seed, 'unknown_method_501': unknown_method, 'seconds': time.monotonic() - t0, 'counts': counts,
                      'offending': len(bad), 'groups': dict(sorted(groups.items(), key=lambda kv: -kv[1])[:12]),
                      'slowest_s': slowest[0], 'first': shown}))


if __name__ == '__main__':
    main()
