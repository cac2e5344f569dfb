#!/usr/bin/python3
"""The ARA server's own ceiling: POSTs results as fast as C concurrent workers can (stdlib only).

Creates one playbook, file, play, task and host, then POSTs N results with a content of about the
size the benchmark playbook's results have, a new connection per request (ara-manage runserver
stalls ~40 ms per request on a reused connection). HTTP 500 (sqlite "database is locked") and
connection errors are retried, as the replay does, and counted. Prints one line:
  results=N workers=C seconds=S results_per_s=R retries=K failed=F
"""
import argparse
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Client:
    def __init__(self, base):
        self.base = base.rstrip("/") + "/api/v1/"
        self.retries = 0
        self.lock = threading.Lock()

    def post(self, path, body, tries=8):
        data = json.dumps(body).encode()
        delay = 0.05
        for attempt in range(tries):
            req = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Connection": "close"})
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    return json.loads(resp.read())
            except urllib.error.HTTPError as e:
                e.read()
                if e.code < 500 or attempt == tries - 1:
                    raise RuntimeError("POST %s -> HTTP %d" % (path, e.code)) from e
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if attempt == tries - 1:
                    raise
            with self.lock:
                self.retries += 1
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="the ARA server's base URL, e.g. http://127.0.0.1:8000")
    ap.add_argument("-n", type=int, default=300, help="results to post")
    ap.add_argument("-c", type=int, default=4, help="concurrent workers")
    ap.add_argument("--content-bytes", type=int, default=300,
                    help="approximate JSON size of each result's content")
    args = ap.parse_args()

    c = Client(args.url)
    pb = c.post("playbooks", {"ansible_version": "2.14.18", "arguments": {}, "status": "running",
                              "path": "/bench/poster.yml", "controller": "bench", "started": now()})
    f = c.post("files", {"playbook": pb["id"], "path": "/bench/poster.yml", "content": "- hosts: all\n"})
    play = c.post("plays", {"name": "poster", "status": "running", "uuid": str(uuid.uuid4()),
                            "playbook": pb["id"], "started": now()})
    task = c.post("tasks", {"name": "poster", "status": "running", "action": "debug", "play": play["id"],
                            "playbook": pb["id"], "file": f["id"], "tags": [], "lineno": 1,
                            "handler": False, "started": now()})
    host = c.post("hosts", {"name": "poster-host", "playbook": pb["id"]})
    # Shaped like a debug/command result; padded to the requested size.
    base = {"msg": "", "changed": False, "_ansible_verbose_always": True, "_ansible_no_log": False}
    base["msg"] = "x" * max(0, args.content_bytes - len(json.dumps(base)))

    counter = iter(range(args.n))
    counter_lock = threading.Lock()
    failed = []

    def worker():
        while True:
            with counter_lock:
                i = next(counter, None)
            if i is None:
                return
            t = now()
            try:
                c.post("results", {"playbook": pb["id"], "task": task["id"], "host": host["id"],
                                   "play": play["id"], "delegated_to": [], "content": base, "status": "ok",
                                   "started": t, "ended": t, "changed": False, "ignore_errors": False})
            except Exception as e:  # counted and reported, never hidden
                failed.append(repr(e))

    threads = [threading.Thread(target=worker) for _ in range(args.c)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    done = args.n - len(failed)
    print("results=%d workers=%d seconds=%.2f results_per_s=%.1f retries=%d failed=%d"
          % (done, args.c, seconds, done / seconds, c.retries, len(failed)))
    if failed:
        print("first failure: " + failed[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
