#!/usr/bin/env python3
"""Fault figures of several instances on one PostgreSQL database (a benchmark, not a test).

    python3 scripts/load/faults.py BIN SCENARIO CARTS SERVER OUT [CYCLES]

BIN is a built `omniroute`, SCENARIO a prepared scenario (scripts/load/prepare.py), CARTS the
scenario whose orders the clients send (the original), SERVER a
PostgreSQL URL the script may create databases on, OUT a directory for the logs. Prints two
Markdown paragraphs:

- scarce stock: one sku cut to a few free units, then 300 concurrent one-unit orders for it
  sent round-robin through three instances; counts the 201s against the free units
  (oversold = confirmed beyond them) and runs `db check`;
- kill and restart: three instances serve a stream of orders (8 clients); CYCLES times one
  of them is killed (SIGKILL) and started again; a request that gets no answer is sent with
  its Idempotency-Key to the next instance. Afterwards every order that got a 201 is read
  back (lost = not found, or not planned), and `db check` runs.
"""
import collections
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid

CART = {"delivery": {"mode": "ship", "location": {"lat": 40.7128, "lon": -74.006}}, "accept_partial": False}


def psql(server, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", server, "-c", sql], check=True)


def fresh_database(server):
    name = "load_" + uuid.uuid4().hex[:12]
    psql(server, f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


class Instance:
    """`omniroute serve` on a free port; its port is read from the first line it prints."""

    def __init__(self, binary, db, log):
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--port", "0", "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=self.log)
        line = self.process.stdout.readline().decode()
        if not line.startswith("listening on "):
            raise SystemExit(f"an instance did not start: {line!r} (see {log})")
        self.port = int(line.strip().rsplit(":", 1)[1])
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for chunk in self.process.stdout:
            self.log.write(chunk)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        self.process.terminate()
        self.process.wait()


def request(port, method, path, body=None, headers=None, timeout=30):
    """(status, parsed body), or None when the instance does not answer."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        data = json.dumps(body) if body is not None else None
        conn.request(method, path, data, {"Content-Type": "application/json", **(headers or {})})
        reply = conn.getresponse()
        text = reply.read()
        conn.close()
        return reply.status, (json.loads(text) if text else None)
    except (OSError, http.client.HTTPException):
        return None


def db_check(binary, db):
    run = subprocess.run([binary, "db", "check", "--db", db], capture_output=True, text=True)
    last = (run.stdout + run.stderr).strip().splitlines()[-1:] or ["(nothing printed)"]
    return ("clean" if run.returncode == 0 else "FAILED") + f" ({last[0]})"


def seed(binary, scenario, db):
    subprocess.run([binary, "db", "init", "--seed", scenario, "--db", db, "--clock", "scenario"],
                   check=True, stdout=subprocess.DEVNULL)


def scarce(binary, scenario, server, out):
    s = json.load(open(scenario))
    sku = s["skus"][0]["id"]
    free = 0
    for i, row in enumerate(r for r in s["inventory"] if r["sku"] == sku):
        row["on_hand"] = 4 if i < 5 else 0
        row["reserved"] = 0
        row["safety_stock"] = 0
        free += row["on_hand"]
    path = os.path.join(out, "scarce.json")
    json.dump(s, open(path, "w"))
    db = fresh_database(server)
    seed(binary, path, db)
    instances = [Instance(binary, db, os.path.join(out, f"scarce-{i}.log")) for i in range(3)]
    statuses = []
    lock = threading.Lock()
    start = threading.Barrier(300)

    def client(i):
        start.wait()
        reply = request(instances[i % 3].port, "POST", "/v1/orders", {**CART, "lines": [{"sku": sku, "qty": 1}]})
        with lock:
            statuses.append(reply[0] if reply else None)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(300)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for instance in instances:
        instance.stop()
    confirmed = statuses.count(201)
    refused = statuses.count(409)
    others = len(statuses) - confirmed - refused
    print(f"**Scarce stock** ({sku}: {free} free units in 5 positions; 300 concurrent one-unit orders "
          f"through 3 instances): {confirmed} confirmed, {refused} refused with 409, {others} other answers; "
          f"**oversold units: {max(0, confirmed - free)}**; db check: {db_check(binary, db)}.")


def kill_cycles(binary, scenario, carts_from, server, out, cycles):
    db = fresh_database(server)
    seed(binary, scenario, db)
    carts = [{"lines": o["lines"], "delivery": o["delivery"], "accept_partial": True}
             for o in json.load(open(carts_from))["orders"]]
    instances = [Instance(binary, db, os.path.join(out, f"kill-{i}.log")) for i in range(3)]
    ports = [i.port for i in instances]
    lock = threading.Lock()
    stop = threading.Event()
    confirmed = {}
    counts = {"retried": 0, "unanswered": 0}
    others = collections.Counter()

    def client(c):
        n = 0
        while not stop.is_set():
            key = f"k{c}-{n}"
            cart = carts[(c * 7919 + n) % len(carts)]
            slot = c % 3
            answered = False
            for attempt in range(60):
                with lock:
                    port = ports[slot]
                reply = request(port, "POST", "/v1/orders", cart, {"Idempotency-Key": key})
                if reply is None or reply[0] == 503:
                    slot = (slot + 1) % 3
                    time.sleep(0.05)
                    continue
                with lock:
                    if reply[0] == 201:
                        confirmed[key] = reply[1]["id"]
                        counts["retried"] += attempt > 0
                    else:
                        others[reply[0]] += 1
                answered = True
                break
            if not answered:
                with lock:
                    counts["unanswered"] += 1
            n += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(8)]
    for t in threads:
        t.start()
    restarts = []
    for cycle in range(cycles):
        time.sleep(1.5)
        victim = cycle % 3
        instances[victim].kill()
        time.sleep(0.5)  # the two others serve alone
        began = time.monotonic()
        instances[victim] = Instance(binary, db, os.path.join(out, f"kill-{victim}-{cycle + 1}.log"))
        restarts.append(time.monotonic() - began)
        with lock:
            ports[victim] = instances[victim].port
    time.sleep(1.5)
    stop.set()
    for t in threads:
        t.join()
    lost = [key for key, order in confirmed.items()
            if (r := request(ports[0], "GET", f"/v1/orders/{order}")) is None or r[0] != 200
            or r[1].get("status") != "planned"]
    ids = list(confirmed.values())
    for instance in instances:
        instance.stop()
    restarts.sort()
    print(f"**Kill and restart** ({cycles} cycles: SIGKILL of one instance of three, 0.5 s on two, started "
          f"again; 8 clients): {len(confirmed)} orders confirmed, {counts['retried']} of them after a retry "
          f"on another instance, {sum(others.values())} other answers "
          f"({', '.join(f'{n} x {status}' for status, n in sorted(others.items())) or 'none'}), "
          f"{counts['unanswered']} never answered; "
          f"distinct order ids: {len(set(ids)) == len(ids)}; **confirmed orders lost: {len(lost)}**; "
          f"restart to listening: median {restarts[len(restarts) // 2]:.2f} s; db check: {db_check(binary, db)}.")


def main():
    binary, scenario, carts_from, server, out = sys.argv[1:6]
    cycles = int(sys.argv[6]) if len(sys.argv) > 6 else 20
    os.makedirs(out, exist_ok=True)
    scarce(binary, scenario, server, out)
    print()
    kill_cycles(binary, scenario, carts_from, server, out, cycles)


if __name__ == "__main__":
    main()
