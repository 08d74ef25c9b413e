#!/usr/bin/env python3
"""Drives every released leg of a served store to its end through the API and times it.

    python3 scripts/load/journeys.py URL [THREADS] [REJECT_EVERY]

Reads the event feed for `order.released` (and `order.resourced`) events, then posts each
leg's node events in order (accepted, picked, then shipped+delivered for parcels, or
in_transit/ready_for_pickup/collected for pickups) from THREADS threads, rejecting one leg
in REJECT_EVERY at `accepted` (its units are re-sourced; the new legs are driven too).
Prints events/s and p50/p90/p99 latency of POST /v1/legs/{id}/events, as Markdown.
"""
import http.client
import json
import queue
import statistics
import sys
import threading
import time
from urllib.parse import urlparse

PATHS = {
    "ship_from_store": ["accepted", "picked", "shipped", "delivered"],
    "direct_to_home": ["accepted", "picked", "shipped", "delivered"],
    "store_pickup": ["accepted", "picked", "ready_for_pickup", "collected"],
    "warehouse_to_store_pickup": ["accepted", "picked", "in_transit", "ready_for_pickup", "collected"],
    "store_to_store_pickup": ["accepted", "picked", "in_transit", "ready_for_pickup", "collected"],
}


def main():
    url = urlparse(sys.argv[1])
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    reject_every = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    conn = http.client.HTTPConnection(url.hostname, url.port)

    def feed(after):
        conn.request("GET", f"/v1/events?after={after}&limit=500")
        return json.loads(conn.getresponse().read())

    legs, after = [], 0
    while True:
        page = feed(after)
        for e in page["events"]:
            if e["type"] == "order.released":
                legs += [(l["id"], l["type"]) for l in e["data"]["legs"]]
        if not page["events"]:
            break
        after = int(page["next"])
    known = {leg for leg, _ in legs}
    work = queue.Queue()
    for i, leg in enumerate(legs):
        work.put((leg, i % reject_every == reject_every - 1))
    latencies, lock, counts = [], threading.Lock(), {"events": 0, "rejected": 0, "resourced_legs": 0, "errors": 0}

    def post(c, leg, body):
        start = time.perf_counter()
        c.request("POST", f"/v1/legs/{leg}/events", body=json.dumps(body), headers={"content-type": "application/json"})
        r = c.getresponse()
        data = r.read()
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            counts["events"] += 1
            if r.status != 200:
                counts["errors"] += 1
        return r.status, json.loads(data)

    def worker():
        c = http.client.HTTPConnection(url.hostname, url.port)
        while True:
            try:
                (leg, kind), reject = work.get_nowait()
            except queue.Empty:
                return
            for step in PATHS[kind]:
                if reject and step == "accepted":
                    status, answer = post(c, leg, {"type": "rejected", "reason": "load test"})
                    with lock:
                        counts["rejected"] += 1
                    if status == 200:
                        for l in answer["order"]["legs"]:
                            with lock:
                                new = l["status"] == "released" and l["id"] not in known
                                if new:
                                    known.add(l["id"])
                                    counts["resourced_legs"] += 1
                            if new:
                                work.put(((l["id"], l["type"]), False))
                    break
                body = {"type": step}
                if step == "shipped":
                    body["tracking_id"] = f"T{leg}"
                post(c, leg, body)

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    print(f"| legs | node events | rejected | re-sourced legs driven | errors | events/s | p50 | p90 | p99 |")
    print(f"|---|---|---|---|---|---|---|---|---|")
    print(f"| {len(legs)} | {counts['events']} | {counts['rejected']} | {counts['resourced_legs']} | {counts['errors']} | "
          f"{counts['events'] / wall:,.0f} | {q[49] * 1000:.2f} ms | {q[89] * 1000:.2f} ms | {q[98] * 1000:.2f} ms |")


if __name__ == "__main__":
    main()
