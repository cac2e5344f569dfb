#!/usr/bin/python3
"""A stand-in ARA API for training the replay's class-data archive (train.sh), stdlib only.

Answers like ARA 1.5.8 as far as a replay looks: creates echo their body with a new id, lists are
empty, single objects exist. Listens on a free loopback port and prints its URL on the first line.
"""
import itertools
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ids = itertools.count(1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        path = self.path.split("?")[0].rstrip("/")
        if path == "/api":
            self.answer(200, {"kind": "ara", "version": "1.5.8", "api": []})
        elif path.rsplit("/", 1)[-1].isdigit():
            self.answer(200, {"id": int(path.rsplit("/", 1)[-1]), "labels": [], "started": None})
        else:
            self.answer(200, {"count": 0, "next": None, "previous": None, "results": []})

    def do_POST(self):
        body = self.body()
        body["id"] = next(ids)
        if "labels" in body:
            body["labels"] = [{"id": next(ids), "name": n} for n in body["labels"]]
        self.answer(201, body)

    def do_PATCH(self):
        body = self.body()
        body["id"] = int(self.path.rstrip("/").rsplit("/", 1)[-1])
        if "labels" in body:
            body["labels"] = [{"id": next(ids), "name": n} for n in body["labels"]]
        self.answer(200, body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("http://127.0.0.1:%d" % server.server_address[1], flush=True)
sys.stdout.close()
server.serve_forever()
