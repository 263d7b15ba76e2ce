#!/usr/bin/env python3
"""Sends one huge SPARQL query (a valid query plus a long comment) by POST or GET and times the answer.

  python3 big_query.py --port 3030 --mb 10 --method POST --wait 40

Prints one JSON object: status (or 'timeout' / an error), seconds to the answer, the first line of the
body. The query is valid: a client-side size limit, not a syntax error, is what should stop it.
Standard library only.
"""
import argparse
import json
import socket
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--mb', type=float, default=10)
    ap.add_argument('--method', choices=['POST', 'GET', 'FORM'], default='POST')
    ap.add_argument('--comment', choices=['one', 'lines'], default='one',
                    help='one comment line of the whole size, or 80-character comment lines')
    ap.add_argument('--wait', type=float, default=60, help='seconds to wait for an answer')
    a = ap.parse_args()
    size = int(a.mb * 1024 * 1024)
    head = 'SELECT * WHERE { ?s ?p ?o } LIMIT 1\n'
    if a.comment == 'one':
        text = head + '#' + 'x' * (size - len(head) - 2) + '\n'
    else:
        line = '# ' + 'x' * 76 + '\n'
        text = head + line * ((size - len(head)) // len(line))
    host = '%s:%d' % (a.host, a.port)
    if a.method == 'GET':
        req = ('GET /kg/sparql?query=%s HTTP/1.1\r\nHost: %s\r\nAccept: text/csv\r\nConnection: close\r\n\r\n'
               % (urllib.parse.quote(text, safe=''), host)).encode()
    elif a.method == 'FORM':
        body = ('query=' + urllib.parse.quote(text, safe='')).encode()
        req = ('POST /kg/sparql HTTP/1.1\r\nHost: %s\r\nAccept: text/csv\r\nContent-Type: '
               'application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n'
               % (host, len(body))).encode() + body
    else:
        body = text.encode()
        req = ('POST /kg/sparql HTTP/1.1\r\nHost: %s\r\nAccept: text/csv\r\nContent-Type: application/sparql-query'
               '\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' % (host, len(body))).encode() + body
    t0 = time.monotonic()
    status, first, sent = None, '', 0
    try:
        with socket.create_connection((a.host, a.port), timeout=a.wait) as s:
            s.settimeout(max(0.1, a.wait))
            try:
                # send in pieces so an early answer (413/414/431) is seen even if the upload is cut
                view = memoryview(req)
                while sent < len(req):
                    sent += s.send(view[sent:sent + 65536])
            except OSError:
                pass
            got = b''
            while time.monotonic() - t0 < a.wait:
                s.settimeout(max(0.1, a.wait - (time.monotonic() - t0)))
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
                if b'\r\n\r\n' in got and len(got) > 4096:
                    break
            line0 = got.split(b'\r\n', 1)[0].decode('latin-1')
            parts = line0.split(' ')
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else ('no answer' if not got else line0)
            body = got.split(b'\r\n\r\n', 1)[1] if b'\r\n\r\n' in got else b''
            first = body.split(b'\n', 1)[0][:160].decode('utf-8', 'replace')
    except socket.timeout:
        status = 'timeout'
    except OSError as e:
        status = type(e).__name__
    print(json.dumps({'method': a.method, 'bytes': len(req), 'sent': sent, 'status': status,
                      'seconds': time.monotonic() - t0, 'first_line': first}))


if __name__ == '__main__':
    main()
