#!/usr/bin/env python3
"""Compares what the ara_journal callback recorded (events captured by tap-recorder.py) with what
ARA's own callback (ara_default) recorded on an ARA server during the SAME ansible-playbook run.

Prints one line per check and every difference; exits 1 if a count, status, name or result content
differs. Only differences a replay must reproduce are checked; fields ara_default sends that the
journal does not carry are listed as notes. Python stdlib only.

Usage: compare.py EVENTS.jsonl ARA_URL [PLAYBOOK_ID]   (default: the newest playbook of the same path)
"""
import collections
import json
import sys
import urllib.request


# ARA's hosts keep these counters only (no rescued / ignored).
STATS = ("ok", "changed", "failed", "skipped", "unreachable")


def get(base, path):
    with urllib.request.urlopen(base.rstrip("/") + path, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def get_all(base, path):
    items, url = [], path + ("&" if "?" in path else "?") + "limit=500"
    while url:
        page = get(base, url)
        items.extend(page["results"])
        nxt = page.get("next")
        url = nxt[nxt.index("/api/"):] if nxt else None
    return items


def journal_model(events):
    tasks, order, results, stats, plays, files = {}, [], [], {}, [], set()
    playbook = {"labels": set(), "name": None}
    failed_tasks = set()
    for e in events:
        t = e["type"]
        if t == "playbook_started":
            playbook.update(path=e["path"], ansible_version=e["ansible_version"],
                            python_version=e["python_version"], user=e.get("user"),
                            controller=e.get("controller"))
        elif t == "play_started":
            plays.append(e["name"])
            # ara_default sets the labels at every play start: the last play's labels win.
            playbook["labels"] = set(e.get("labels") or [])
            if e.get("playbook_name"):
                playbook["name"] = e["playbook_name"]
        elif t == "file":
            files.add(e["path"])
        elif t == "task_started":
            if e["uuid"] not in tasks:
                order.append(e["uuid"])
            tasks[e["uuid"]] = e
        elif t == "result":
            results.append(e)
        elif t == "task_failed":
            failed_tasks.add(e["task_uuid"])
        elif t == "host_stats":
            stats[e["host"]] = {k: e[k] for k in STATS}
        elif t == "playbook_ended":
            playbook["status"] = e["status"]
    # ARA only stores results of tasks it saw start (ara_default drops the others).
    hosts = set(stats) | {r["host"] for r in results} | {h for r in results for h in r["delegated_to"]}
    return dict(playbook=playbook, plays=plays, tasks=[tasks[u] for u in order], results=results,
                stats=stats, failed_tasks=failed_tasks, hosts=hosts, files=files)


def main():
    events_path, base = sys.argv[1], sys.argv[2]
    with open(events_path, encoding="utf-8") as fd:
        events = [json.loads(line) for line in fd if line.strip()]
    j = journal_model(events)
    if len(sys.argv) > 3:
        pid = int(sys.argv[3])
    else:
        # The newest playbook of the same path: the one recorded by the same run.
        path = j["playbook"]["path"]
        pid = max(p["id"] for p in get_all(base, "/api/v1/playbooks?order=-id") if p["path"] == path)
    pb = get(base, "/api/v1/playbooks/%d" % pid)
    server = get(base, "/api/")["version"]
    # ARA before 1.6 has no task uuid, no task status "failed", no playbook python_version / user.
    modern = tuple(int(x) for x in server.split(".")[:2]) >= (1, 6)
    print("ARA server %s, playbook %d" % (server, pid))
    a_plays = get_all(base, "/api/v1/plays?playbook=%d&order=id" % pid)
    a_tasks = get_all(base, "/api/v1/tasks?playbook=%d&order=id" % pid)
    a_results = get_all(base, "/api/v1/results?playbook=%d&order=id" % pid)
    a_hosts = get_all(base, "/api/v1/hosts?playbook=%d" % pid)
    a_files = get_all(base, "/api/v1/files?playbook=%d" % pid)
    host_name = {h["id"]: h["name"] for h in a_hosts}
    task_by_id = {t["id"]: t for t in a_tasks}

    problems, notes = [], []

    def check(what, ours, theirs):
        ok = ours == theirs
        print("%-5s %-28s journal=%s ara=%s" % ("ok" if ok else "DIFF", what, _short(ours), _short(theirs)))
        if not ok:
            problems.append(what)

    check("playbook status", j["playbook"].get("status"), pb["status"])
    check("playbook name", j["playbook"]["name"], pb["name"])
    check("playbook labels", sorted(j["playbook"]["labels"]), sorted(l["name"] for l in pb["labels"]))
    check("ansible_version", j["playbook"]["ansible_version"], pb["ansible_version"])
    check("python_version", j["playbook"]["python_version"] if modern else None, pb.get("python_version"))
    check("user", j["playbook"]["user"] if modern else None, pb.get("user"))
    check("controller", j["playbook"]["controller"], pb.get("controller"))
    check("plays", j["plays"], [p["name"] for p in a_plays])
    check("play statuses", ["completed"] * len(j["plays"]), [p["status"] for p in a_plays])
    check("tasks (count)", len(j["tasks"]), len(a_tasks))
    check("task uuids", [t["uuid"] if modern else None for t in j["tasks"]], [t.get("uuid") for t in a_tasks])
    if not modern and len(a_tasks) == len(j["tasks"]):
        for ours_task, theirs_task in zip(j["tasks"], a_tasks):
            theirs_task["uuid"] = ours_task["uuid"]  # same order: match by position
    check("task names", [t["name"] for t in j["tasks"]], [t["name"] for t in a_tasks])
    check("task actions", [t["action"] for t in j["tasks"]], [t["action"] for t in a_tasks])
    check("task handler flags", [t["handler"] for t in j["tasks"]], [t["handler"] for t in a_tasks])
    check("task lines", [t["lineno"] for t in j["tasks"]], [t["lineno"] for t in a_tasks])
    check("task statuses", ["failed" if modern and t["uuid"] in j["failed_tasks"] else "completed" for t in j["tasks"]],
          [t["status"] for t in a_tasks])
    check("results (count)", len(j["results"]), len(a_results))
    key = lambda host, task_uuid, status, changed, ignore, delegated: (task_uuid, host, status, changed, ignore, tuple(sorted(delegated)))
    # ARA's serializers (1.5.8 and 1.7) report a stored ok+changed as "changed", failed+ignore_errors as "ignored".
    shown = lambda r: ("changed" if r["status"] == "ok" and r["changed"] else
                       "ignored" if r["status"] == "failed" and r["ignore_errors"] else r["status"])
    ours = collections.Counter(key(r["host"], r["task_uuid"], shown(r), r["changed"], r["ignore_errors"], r["delegated_to"])
                               for r in j["results"])
    theirs = collections.Counter(key(host_name[r["host"]], task_by_id[r["task"]]["uuid"], r["status"], r["changed"],
                                     r["ignore_errors"], [host_name[d] for d in r["delegated_to"]]) for r in a_results)
    check("results (task,host,status,..)", sorted(ours.items()), sorted(theirs.items()))
    if ours != theirs:
        names = {t["uuid"]: t["name"] for t in j["tasks"]}
        for k in sorted(set(ours) | set(theirs)):
            if ours[k] != theirs[k]:
                print("      task %r host %s status %s changed %s ignore_errors %s delegated %s: journal %d, ara %d"
                      % (names.get(k[0], k[0]), k[1], k[2], k[3], k[4], list(k[5]), ours[k], theirs[k]))
    check("hosts", sorted(j["hosts"]), sorted(host_name.values()))
    a_stats = {h["name"]: {k: h[k] for k in STATS} for h in a_hosts if any(h[k] for k in STATS)}
    check("host stats", j["stats"], a_stats)
    check("files", sorted(j["files"]), sorted(f["path"] for f in a_files))

    # Result content: same run, so the content must be equal (ARA's own round trip included).
    a_by_key = collections.defaultdict(list)
    for r in a_results:
        a_by_key[(task_by_id[r["task"]]["uuid"], host_name[r["host"]])].append(r["id"])
    content_diffs = 0
    for r in j["results"]:
        ids = a_by_key.get((r["task_uuid"], r["host"]))
        if not ids:
            continue
        detail = get(base, "/api/v1/results/%d" % ids.pop(0))
        if detail["content"] != r["content"]:
            content_diffs += 1
            if content_diffs <= 5:
                keys = sorted(set(detail["content"]) ^ set(r["content"])) or sorted(
                    k for k in r["content"] if r["content"].get(k) != detail["content"].get(k))
                print("DIFF  result content %s on %s: keys %s" % (r["task_uuid"], r["host"], keys))
    check("result contents differing", 0, content_diffs)

    for name in ("client_version", "server_version", "controller"):
        notes.append("%s=%s" % (name, pb.get(name)))
    print("notes: " + ", ".join(notes))
    print("%d checks differ: %s" % (len(problems), ", ".join(problems) or "none"))
    return 1 if problems else 0


def _short(value):
    text = json.dumps(value, default=str)
    return text if len(text) <= 160 else text[:157] + "..."


if __name__ == "__main__":
    sys.exit(main())
