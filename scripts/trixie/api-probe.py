#!/usr/bin/env python3
"""Probes the ARA API behaviours a replayer depends on and prints what this server does, so ARA
1.5.8 and 1.7.x can be compared side by side. Creates one throwaway playbook on the server.

Usage: api-probe.py ARA_URL      (Python stdlib only)
"""
import json
import sys
import urllib.error
import urllib.request
import uuid

BASE = sys.argv[1].rstrip("/")


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text[:200]


def count(path):
    status, body = call("GET", path)
    return (status, body["count"]) if status == 200 and isinstance(body, dict) else (status, body)


def show(what, result):
    status, body = result
    print("%-58s -> %s %s" % (what, status, json.dumps(body, default=str)[:260]))
    return body


root = show("GET /api/", call("GET", "/api/"))
pb = show("POST playbooks (+client_version,python_version,user)", call("POST", "/api/v1/playbooks", {
    "path": "/probe/site.yml", "ansible_version": "2.19.0", "status": "running", "arguments": {},
    "client_version": "probe", "python_version": "3.13.5", "user": "prober", "controller": "ctl",
    "server_version": "0.0.0", "started": "2026-01-01T00:00:00.000001+00:00"}))
print("   playbook keys: %s" % sorted(pb))
print("   stored server_version (sent 0.0.0): %s, user: %s" % (pb.get("server_version"), pb.get("user")))
show("POST playbooks with controller=null", call("POST", "/api/v1/playbooks", {
    "path": "/probe/null.yml", "ansible_version": "2.19.0", "arguments": {}, "controller": None}))
play_uuid = str(uuid.uuid4())
play = show("POST plays", call("POST", "/api/v1/plays", {
    "name": "p", "uuid": play_uuid, "playbook": pb["id"], "status": "running"}))
show("GET plays?uuid=<that play>  (count)", count("/api/v1/plays?uuid=" + play_uuid))
fil = call("POST", "/api/v1/files", {"path": "/probe/site.yml", "content": "- hosts: all\n", "playbook": pb["id"]})
task_uuid = str(uuid.uuid4())
task = show("POST tasks with uuid", call("POST", "/api/v1/tasks", {
    "name": "t", "uuid": task_uuid, "action": "debug", "lineno": 1, "tags": [], "handler": False,
    "status": "running", "file": fil[1]["id"], "play": play["id"], "playbook": pb["id"]}))
show("   stored task uuid", (200, task.get("uuid", "<no uuid field>")))
show("POST tasks without uuid", call("POST", "/api/v1/tasks", {
    "name": "t2", "action": "debug", "lineno": 2, "tags": [], "handler": False,
    "status": "running", "file": fil[1]["id"], "play": play["id"], "playbook": pb["id"]}))
show("GET tasks?playbook=&uuid=<task>        (count)", count("/api/v1/tasks?playbook=%d&uuid=%s" % (pb["id"], task_uuid)))
show("GET tasks?playbook=&uuid=<random>      (count)", count("/api/v1/tasks?playbook=%d&uuid=%s" % (pb["id"], uuid.uuid4())))
show("PATCH task status=failed", call("PATCH", "/api/v1/tasks/%d" % task["id"], {"status": "failed"}))
show("GET tasks?status=failed&playbook=      (count)", count("/api/v1/tasks?status=failed&playbook=%d" % pb["id"]))
host = show("POST hosts", call("POST", "/api/v1/hosts", {"name": "h1", "playbook": pb["id"]}))
show("POST hosts again (get-or-create?)", call("POST", "/api/v1/hosts", {"name": "h1", "playbook": pb["id"]}))
res = show("POST results ok+changed", call("POST", "/api/v1/results", {
    "status": "ok", "changed": True, "ignore_errors": False, "content": {"x": 1}, "task": task["id"],
    "host": host["id"], "play": play["id"], "playbook": pb["id"], "delegated_to": [],
    "started": "2026-01-01T00:00:01+00:00", "ended": "2026-01-01T00:00:02+00:00"}))
show("POST results status=ignored (stored form)", call("POST", "/api/v1/results", {
    "status": "ignored", "changed": False, "ignore_errors": True, "content": {}, "task": task["id"],
    "host": host["id"], "play": play["id"], "playbook": pb["id"], "delegated_to": []}))
show("   GET that result: status shown", (200, call("GET", "/api/v1/results/%d" % res["id"])[1]["status"]))
show("PATCH playbook labels", call("PATCH", "/api/v1/playbooks/%d" % pb["id"], {"labels": ["a", "b"]}))
show("PATCH playbook status=expired", call("PATCH", "/api/v1/playbooks/%d" % pb["id"], {"status": "expired"}))
show("GET playbooks?user=prober               (count)", count("/api/v1/playbooks?user=prober"))
show("GET results?host_name=h1&playbook=     (count)", count("/api/v1/results?host_name=h1&playbook=%d" % pb["id"]))
show("GET playbooks?limit=1 (page keys)", (200, sorted(call("GET", "/api/v1/playbooks?limit=1")[1])))
show("GET playbooks (default page size)", (200, len(call("GET", "/api/v1/playbooks")[1]["results"])))
show("DELETE playbook (clean up)", call("DELETE", "/api/v1/playbooks/%d" % pb["id"]))
