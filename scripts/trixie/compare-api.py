#!/usr/bin/env python3
"""Compares two playbooks stored on ARA servers through the API only: what ARA's own callback
(ara_default, A) recorded and what `ara-journal replay` sent (B). Both may be on the same server.

Checked: playbook fields (status, name, labels, path, versions, user, controller, arguments), plays
(name, status, order), tasks (name, action, handler, path, lineno, sorted tags, status, order; the
uuid too with --same-run), each task's results (host, status, changed, ignore_errors, delegated_to)
and their full content, the hosts and their stats and facts, files (path, sha1) and records
(/api/v1/records?playbook=N, then /api/v1/records/ID for each value: key, type, value), and how the
ara_record results' playbook_id / created / updated relate to that playbook's records (and the
form of playbook_id: ARA's own action gives the nested playbook object for an unchanged record).

Normalised, as in it/.../VolatileValue: command start/end/delta in result content, ansible_date_time,
play and task uuids (unless --same-run), ara_record results' playbook_id/created/updated (checked
separately against each side's own playbook and records). Times (started/ended) are not compared.

Prints one line per check and every difference; exits 1 if anything differs. Python stdlib only.

Usage: compare-api.py URL_A PLAYBOOK_A URL_B PLAYBOOK_B [--same-run]
"""
import collections
import json
import sys
import urllib.request

STATS = ("ok", "changed", "failed", "skipped", "unreachable")
VOLATILE = "<volatile>"


def get(base, path):
    with urllib.request.urlopen(base.rstrip("/") + path, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def get_all(base, path):
    items, url = [], path + ("&" if "?" in path else "?") + "limit=500"
    while url:
        page = get(base, url)
        items.extend(page["results"])
        nxt = page.get("next")
        url = nxt[nxt.index("/api/"):] if nxt else None
    return items


def normalise_content(value):
    """Replaces the values that differ between two runs by nature (see the module docstring)."""
    if isinstance(value, list):
        return [normalise_content(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    is_command = "cmd" in value
    is_record = {"key", "value", "type"} <= set(value)
    for k, v in value.items():
        if is_command and k in ("start", "end", "delta") and v is not None:
            out[k] = VOLATILE
        elif is_record and k in ("playbook_id", "created", "updated") and v is not None:
            out[k] = VOLATILE
        elif k == "ansible_date_time":
            out[k] = VOLATILE
        else:
            out[k] = normalise_content(v)
    return out


def snapshot(base, pid, same_run):
    pb = get(base, "/api/v1/playbooks/%d" % pid)
    files = {f["id"]: f for f in get_all(base, "/api/v1/files?playbook=%d" % pid)}
    hosts = {h["id"]: h for h in get_all(base, "/api/v1/hosts?playbook=%d" % pid)}
    plays = get_all(base, "/api/v1/plays?playbook=%d&order=id" % pid)
    tasks = get_all(base, "/api/v1/tasks?playbook=%d&order=id" % pid)
    results = get_all(base, "/api/v1/results?playbook=%d&order=id" % pid)
    records = get_all(base, "/api/v1/records?playbook=%d&order=id" % pid)
    play_key = {}
    seen = collections.Counter()
    for p in plays:
        seen[p["name"]] += 1
        play_key[p["id"]] = "%s #%d" % (p["name"], seen[p["name"]])
    task_key = {}
    seen = collections.Counter()
    for t in tasks:
        path = files[t["file"]]["path"] if t["file"] in files else t["file"]
        name = "%s @ %s:%s" % (t["name"], path, t["lineno"])
        seen[name] += 1
        task_key[t["id"]] = t["uuid"] if same_run else "%s #%d" % (name, seen[name])
    snap = {
        "playbook": {k: pb.get(k) for k in ("status", "name", "path", "ansible_version", "python_version",
                                             "user", "controller", "client_version", "arguments")},
        "labels": sorted(l["name"] for l in pb["labels"]),
        "plays": [dict(name=p["name"], status=p["status"], uuid=p["uuid"] if same_run else None) for p in plays],
        "tasks": [dict(key=task_key[t["id"]], name=t["name"], action=t["action"], handler=t["handler"],
                       path=files.get(t["file"], {}).get("path"), lineno=t["lineno"], tags=sorted(t["tags"]),
                       status=t["status"], play=play_key.get(t["play"]), uuid=t.get("uuid") if same_run else None)
                  for t in tasks],
        "hosts": {h["name"]: {k: h.get(k) for k in STATS} for h in hosts.values()},
        "files": sorted((f["path"], f["sha1"]) for f in files.values()),
        "results": collections.defaultdict(list),
        "raw_results": [],
        "records": {},
        "pid": pid,
        "times": (pb["started"], pb["ended"]),
    }
    for h in hosts.values():
        detail = get(base, "/api/v1/hosts/%d" % h["id"])
        snap["hosts"][h["name"]]["facts"] = normalise_content(detail.get("facts") or {})
    for r in results:
        detail = get(base, "/api/v1/results/%d" % r["id"])
        entry = dict(host=hosts[r["host"]]["name"], status=r["status"], changed=r["changed"],
                     ignore_errors=r["ignore_errors"], delegated_to=sorted(hosts[d]["name"] for d in r["delegated_to"]),
                     play=play_key.get(r["play"]), content=normalise_content(detail["content"]))
        # Results of one task and host in id order: the n-th of each pair is compared.
        snap["results"][(task_key[r["task"]], entry["host"])].append(entry)
        snap["raw_results"].append((task_key[r["task"]], detail["content"]))
    for rec in records:
        detail = get(base, "/api/v1/records/%d" % rec["id"])
        if detail["key"] in snap["records"]:
            snap["records"][detail["key"] + " (duplicate #%d)" % rec["id"]] = detail
        snap["records"][detail["key"]] = detail
    return snap


def record_results(snap):
    """Each ara_record result's playbook_id/created/updated against this side's own records."""
    issues = []
    for task, content in snap["raw_results"]:
        items = content.get("results") if isinstance(content.get("results"), list) else [content]
        for item in items:
            if not isinstance(item, dict) or not {"key", "value", "type"} <= set(item) or item.get("failed"):
                continue
            rec = snap["records"].get(item["key"])
            playbook_id = item.get("playbook_id")
            if isinstance(playbook_id, dict):
                # ARA's own action answers an unchanged write with GET /records/N, whose "playbook" is
                # the nested playbook (DetailedRecordSerializer): reported by record_forms().
                playbook_id = playbook_id.get("id")
            if playbook_id != snap["pid"]:
                issues.append("result of %s key %r: playbook_id %r, the playbook is %d"
                              % (task, item["key"], item.get("playbook_id"), snap["pid"]))
            if rec is None:
                issues.append("result of %s key %r: no such record" % (task, item["key"]))
                continue
            if item.get("created") != rec["created"]:
                issues.append("result of %s key %r: created %r, the record's %r"
                              % (task, item["key"], item.get("created"), rec["created"]))
            if not item.get("updated") or item["updated"] > rec["updated"]:
                issues.append("result of %s key %r: updated %r, the record's %r"
                              % (task, item["key"], item.get("updated"), rec["updated"]))
    return issues


def record_forms(snap):
    """(task, key, form of playbook_id) of each ara_record result: "int" or "object" (ARA's own
    action gives the nested playbook object when the record was unchanged)."""
    forms = []
    for task, content in snap["raw_results"]:
        items = content.get("results") if isinstance(content.get("results"), list) else [content]
        for item in items:
            if isinstance(item, dict) and {"key", "value", "type"} <= set(item) and "playbook_id" in item:
                value = item["playbook_id"]
                forms.append((task, item["key"], "object" if isinstance(value, dict) else type(value).__name__))
    return forms


def record_times(snap, pb_times):
    """How many records were created within the playbook's own started..ended."""
    started, ended = pb_times
    inside = sum(1 for r in snap["records"].values() if started <= r["created"] <= (ended or r["created"]))
    return "%d of %d records created within the playbook's started..ended" % (inside, len(snap["records"]))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    same_run = "--same-run" in sys.argv
    if len(args) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    url_a, pid_a, url_b, pid_b = args[0], int(args[1]), args[2], int(args[3])
    a, b = snapshot(url_a, pid_a, same_run), snapshot(url_b, pid_b, same_run)
    print("A: %s playbook %d (%s)   B: %s playbook %d (%s)" % (url_a, pid_a, get(url_a, "/api/")["version"],
                                                               url_b, pid_b, get(url_b, "/api/")["version"]))
    problems = []

    def check(what, left, right, detail=True):
        ok = left == right
        print("%-5s %-34s A=%s B=%s" % ("ok" if ok else "DIFF", what, _short(left), _short(right)))
        if not ok:
            problems.append(what)
        return ok

    for k in ("status", "name", "path", "ansible_version", "python_version", "user", "controller", "arguments"):
        check("playbook " + k, a["playbook"][k], b["playbook"][k])
    print("note  playbook client_version            A=%s B=%s" % (a["playbook"]["client_version"], b["playbook"]["client_version"]))
    check("labels", a["labels"], b["labels"])
    check("plays", a["plays"], b["plays"])
    check("tasks (count)", len(a["tasks"]), len(b["tasks"]))
    for field in ("key", "name", "action", "handler", "path", "lineno", "tags", "status", "play", "uuid"):
        if not check("tasks: " + field, [t[field] for t in a["tasks"]], [t[field] for t in b["tasks"]]):
            for i, (ta, tb) in enumerate(zip(a["tasks"], b["tasks"])):
                if ta[field] != tb[field]:
                    print("      task %d %r: A %r, B %r" % (i, ta["name"], ta[field], tb[field]))
    count = lambda s: sum(len(v) for v in s["results"].values())
    check("results (count)", count(a), count(b))
    names = {t["key"]: t["name"] for t in a["tasks"] + b["tasks"]}
    fields = ("status", "changed", "ignore_errors", "delegated_to", "play")
    diffs = contents = 0
    for key in sorted(set(a["results"]) | set(b["results"]), key=str):
        la, lb = a["results"].get(key, []), b["results"].get(key, [])
        if len(la) != len(lb):
            diffs += 1
            print("DIFF  task %r host %s: %d results in A, %d in B" % (names.get(key[0], key[0]), key[1], len(la), len(lb)))
        for n, (ra, rb) in enumerate(zip(la, lb)):
            fa, fb = [ra[f] for f in fields], [rb[f] for f in fields]
            if fa != fb:
                diffs += 1
                print("DIFF  task %r host %s #%d: A %s, B %s" % (names.get(key[0], key[0]), key[1], n + 1, fa, fb))
            if ra["content"] != rb["content"]:
                contents += 1
                if contents <= 8:
                    keys = sorted(k for k in set(ra["content"]) | set(rb["content"])
                                  if ra["content"].get(k) != rb["content"].get(k))
                    print("DIFF  content of task %r host %s #%d: keys %s" % (names.get(key[0], key[0]), key[1], n + 1, keys))
                    for k in keys[:4]:
                        print("        %s: A %s  B %s" % (k, _short(ra["content"].get(k)), _short(rb["content"].get(k))))
    check("results (task,host,status,...)", 0, diffs)
    check("result contents differing", 0, contents)
    check("hosts", sorted(a["hosts"]), sorted(b["hosts"]))
    check("host stats", {h: {k: v[k] for k in STATS} for h, v in a["hosts"].items()},
          {h: {k: v[k] for k in STATS} for h, v in b["hosts"].items()})
    check("host facts", {h: v["facts"] for h, v in a["hosts"].items()}, {h: v["facts"] for h, v in b["hosts"].items()})
    check("files (path, sha1)", a["files"], b["files"])
    rec = lambda s: {k: (v["type"], v["value"]) for k, v in s["records"].items()}
    if not check("records (key: type, value)", rec(a), rec(b)):
        for k in sorted(set(rec(a)) | set(rec(b))):
            if rec(a).get(k) != rec(b).get(k):
                print("      record %r: A %s, B %s" % (k, _short(rec(a).get(k)), _short(rec(b).get(k))))
    if not check("ara_record results: playbook_id form", [f[2] for f in record_forms(a)], [f[2] for f in record_forms(b)]):
        for fa, fb in zip(record_forms(a), record_forms(b)):
            if fa[2] != fb[2]:
                print("      %s key %r: A %s, B %s" % (names.get(fa[0], fa[0]), fa[1], fa[2], fb[2]))
    if a["records"] or b["records"]:
        print("note  A: %s; B: %s" % (record_times(a, a["times"]), record_times(b, b["times"])))
    for side, snap in (("A", a), ("B", b)):
        issues = record_results(snap)
        check("%s ara_record results vs records" % side, [], issues)
        for issue in issues[:10]:
            print("      " + issue)
    print("%d checks differ: %s" % (len(problems), ", ".join(problems) or "none"))
    return 1 if problems else 0


def _short(value):
    text = json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."


if __name__ == "__main__":
    sys.exit(main())
