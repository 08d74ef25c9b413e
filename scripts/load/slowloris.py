#!/usr/bin/env python3
"""Slow-loris measurement of a running `omniroute serve` (a benchmark, not a test).

Opens IDLE connections that send nothing and DRIP connections that send a request head
one byte per second, from SOURCES loopback addresses (127.0.0.2, 127.0.0.3, ...), and
meanwhile asks for a normal quote from 127.0.0.1 every half second. Prints how many
attack connections were accepted and held over time, how soon the server closed them,
and the quote's latency before and during the attack.

    python3 scripts/load/slowloris.py PORT [--idle N] [--drip N] [--sources K] [--seconds S]
"""
import argparse
import errno
import http.client
import json
import resource
import selectors
import socket
import statistics
import time

QUOTE = json.dumps({"lines": [{"sku": "SKU-00001", "qty": 1}],
                    "delivery": {"mode": "ship", "location": {"lat": 40.76, "lon": -73.96}}})
HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 4000 + b"\r\n\r\n"


def quote(port):
    """Seconds one quote took from 127.0.0.1, or None if it failed."""
    start = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=("127.0.0.1", 0))
        c.request("POST", "/v1/quotes", QUOTE, {"Content-Type": "application/json"})
        ok = c.getresponse().status == 200
        c.close()
        return time.monotonic() - start if ok else None
    except OSError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--idle", type=int, default=2000)
    ap.add_argument("--drip", type=int, default=2000)
    ap.add_argument("--sources", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=40)
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    baseline = [t for t in (quote(a.port) for _ in range(20)) if t is not None]
    sel = selectors.DefaultSelector()
    conns = {}  # fd -> [socket, kind, opened_at, closed_at, sent]
    start = time.monotonic()
    for i in range(a.idle + a.drip):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((f"127.0.0.{2 + i % a.sources}", 0))
        s.setblocking(False)
        err = s.connect_ex(("127.0.0.1", a.port))
        if err not in (0, errno.EINPROGRESS):
            s.close()
            continue
        kind = "idle" if i < a.idle else "drip"
        conns[s.fileno()] = [s, kind, time.monotonic(), None, 0]
        sel.register(s, selectors.EVENT_READ)
    opened = time.monotonic() - start

    samples, during, last_drip, last_quote = [], [], 0.0, 0.0
    marks = [1, 5, 10, 15, 20, 30, 40, 60]
    while time.monotonic() - start < a.seconds:
        for key, _ in sel.select(timeout=0.05):
            c = conns[key.fd]
            try:
                data = c[0].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                c[3] = time.monotonic() - start
                sel.unregister(c[0])
                c[0].close()
        now = time.monotonic() - start
        if now - last_drip >= 1:
            last_drip = now
            for c in conns.values():
                if c[1] == "drip" and c[3] is None and c[4] < len(HEAD):
                    try:
                        c[0].send(HEAD[c[4]:c[4] + 1])
                        c[4] += 1
                    except OSError:
                        pass
        if now - last_quote >= 0.5:
            last_quote = now
            during.append(quote(a.port))
        while marks and now >= marks[0]:
            held = {k: sum(1 for c in conns.values() if c[1] == k and c[3] is None) for k in ("idle", "drip")}
            samples.append((marks.pop(0), held))

    closed = {k: sorted(c[3] for c in conns.values() if c[1] == k and c[3] is not None) for k in ("idle", "drip")}
    ok = [t for t in during if t is not None]
    ms = lambda t: f"{t * 1000:.1f} ms"
    print(f"attack: {a.idle} idle + {a.drip} drip-fed connections from {a.sources} addresses, "
          f"opened in {opened:.2f} s; {a.seconds:.0f} s observed")
    for mark, held in samples:
        print(f"  open after {mark:>2} s: idle {held['idle']}, drip-fed {held['drip']}")
    for k in ("idle", "drip"):
        n = len(closed[k])
        med = statistics.median(closed[k]) if closed[k] else float("nan")
        print(f"  {k}: {n} closed by the server, median at {med:.1f} s")
    print(f"quote latency before: median {ms(statistics.median(baseline))} of {len(baseline)}")
    if ok:
        print(f"quote latency during: median {ms(statistics.median(ok))}, max {ms(max(ok))}, "
              f"{len(ok)} answered, {len(during) - len(ok)} failed")
    else:
        print(f"quote latency during: none of {len(during)} answered")


if __name__ == "__main__":
    main()
