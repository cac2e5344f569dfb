# Reads what follow-latency.sh left: ARA's results (GET /api/v1/results, paginated) and the journal
# arrival times; writes one row per result to OUT/results.tsv and prints the Markdown tables.
# A result's latency is ARA's `created` minus its `ended`, which the replay copies from the result
# event's `time`: when the callback recorded it (same machine, same clock). Where the journal
# arrivals are known it splits that into the journal's share (readable in the journal minus
# recorded) and the replay's (ARA row created minus readable in the journal).
# Usage: python3 follow-latency-report.py URL ARRIVALS_TSV RUNS_TSV OUT_DIR FIRST_TASKS WARMUP
# (WARMUP: 1 when the first playbook is an uncounted warm-up, run 0)
import json, math, sys, urllib.request
from datetime import datetime

url, arrivals_file, runs_file, out = sys.argv[1:5]
first_tasks, warmup = int(sys.argv[5]), int(sys.argv[6])
with open(runs_file) as f:
    recorder = {int(r[0]): r[1] for r in (line.split("\t") for line in list(f)[1:])}


def get_all(path):
    rows, next_url = [], f"{url}/api/v1/{path}{'&' if '?' in path else '?'}limit=500"
    while next_url:
        page = json.load(urllib.request.urlopen(next_url))
        rows += page["results"]
        next_url = page.get("next")
    return rows


def micros(text):
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return round(t.timestamp() * 1e6)


arrived = {}  # (run, reported time in µs) of result and playbook_started events -> epoch s first seen
run_of_start = {}  # playbook_started time in µs -> run
try:
    with open(arrivals_file) as f:
        for line in f:
            run, seq, kind, reported, seen = line.rstrip("\n").split("\t")
            if kind == "playbook_started":
                run_of_start[micros(reported)] = run
            if kind in ("result", "playbook_started"):
                arrived[(run, micros(reported))] = float(seen)
except FileNotFoundError:
    pass

playbooks = sorted(get_all("playbooks?order=id"), key=lambda p: p["id"])
tasks = sorted(get_all("tasks?order=id"), key=lambda t: t["id"])
hosts = {h["id"]: h["name"] for h in get_all("hosts?order=id")}
task_index = {}
for p in playbooks:
    for i, t in enumerate(x for x in tasks if x["playbook"] == p["id"]):
        task_index[t["id"]] = i
run_no = {p["id"]: n + 1 - warmup for n, p in enumerate(playbooks)}
run_uuid = {p["id"]: run_of_start.get(micros(p["started"])) for p in playbooks}

rows = []
for r in get_all("results?order=id"):
    pb = r["playbook"]
    if run_no[pb] < 1:
        continue  # the warm-up
    ended, created = micros(r["ended"]), micros(r["created"])
    seen = arrived.get((run_uuid[pb], ended))
    rows.append(dict(run=run_no[pb], task=task_index[r["task"]], host=hosts.get(r["host"], r["host"]),
                     latency=(created - ended) / 1e6,
                     journal=None if seen is None else seen - ended / 1e6,
                     replay=None if seen is None else created / 1e6 - seen))
with open(f"{out}/results.tsv", "w") as f:
    f.write("run\ttask\thost\tlatency_s\tjournal_s\treplay_s\n")
    for x in rows:
        fmt = lambda v: "" if v is None else "%.3f" % v
        f.write(f"{x['run']}\t{x['task']}\t{x['host']}\t{x['latency']:.3f}\t{fmt(x['journal'])}\t{fmt(x['replay'])}\n")


def pct(values, p):
    values = sorted(values)
    return values[max(0, math.ceil(p * len(values)) - 1)]


def line(label, sel):
    lat = [x["latency"] for x in sel]
    if not lat:
        return f"| {label} | 0 | | | | | | | |"
    j = [x["journal"] for x in sel if x["journal"] is not None]
    rp = [x["replay"] for x in sel if x["replay"] is not None]
    split = (f"{pct(j, .5):.3f} / {pct(j, .99):.3f} | {pct(rp, .5):.3f} / {pct(rp, .99):.3f}" if j else "| ")
    return (f"| {label} | {len(lat)} | {pct(lat, .5):.3f} | {pct(lat, .9):.3f} | {pct(lat, .99):.3f} | {max(lat):.3f} | "
            f"{sum(1 for v in lat if v < 1.0)}/{len(lat)} | {split} |")


runs = len(playbooks) - warmup
print(f"Latency, s: ARA `created` minus the result's `ended` (recorded by the callback). "
      f"Journal = readable in the journal minus recorded; replay = ARA row created minus readable (p50 / p99).\n")
print("| results | n | p50 | p90 | p99 | max | under 1 s | journal p50 / p99 | replay p50 / p99 |")
print("|---|---|---|---|---|---|---|---|---|")
early = lambda x: x["task"] < first_tasks
names = lambda ns: ("run " if len(ns) == 1 else "runs ") + ",".join(map(str, ns))
groups = [("all runs", list(range(1, runs + 1))), (names([1]) + ": cold recorder" + ("" if warmup else ", new follow and server"), [1])]
cold = [n for n in range(2, runs + 1) if recorder.get(n) == "cold"]
warm = [n for n in range(2, runs + 1) if recorder.get(n) == "warm"]
if cold:
    groups.append((names(cold) + ": cold recorder", cold))
if warm:
    groups.append((names(warm) + ": warm recorder", warm))
for label, ns in groups:
    print(line(label, [x for x in rows if x["run"] in ns]))
    print(line(f"{label}, first {first_tasks} tasks", [x for x in rows if x["run"] in ns and early(x)]))
print("\nPer run:\n")
print("| run | n | p50 | p90 | p99 | max | under 1 s | journal p50 / p99 | replay p50 / p99 |")
print("|---|---|---|---|---|---|---|---|---|")
for n in range(1, runs + 1):
    print(line(f"{n} ({recorder.get(n)})", [x for x in rows if x["run"] == n]))
print("\nPer task index, all runs (max latency, s):", " ".join(
    f"{t}:{max(x['latency'] for x in rows if x['task'] == t):.2f}" for t in sorted({x['task'] for x in rows})))
