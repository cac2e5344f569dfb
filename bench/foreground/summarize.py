"""Summarises bench/foreground.sh results: median wall time per configuration, its ratio to "no
callback", and the median of the per-round ratios (each run against the "no callback" run of its
round: steadier when the machine's speed drifts between rounds).
Usage: summarize.py RESULT_DIR CONFIG... (works on partial results too)."""
import json, statistics, sys
out, configs = sys.argv[1], sys.argv[2:]
rows = [l.rstrip("\n").split("\t") for l in open(out + "/results.tsv")][1:]
by = {c: [r for r in rows if r[0] == c and r[1] != "0"] for c in configs}
med = {c: statistics.median(float(r[2]) for r in by[c]) for c in configs if by[c]}
base = med.get("none")
names = {"none": "no callback", "journal": "ara-journal", "ara0": "ara_default, threads 0 (HTTP)",
         "ara4": "ara_default, threads 4 (HTTP)"}
rec = [l.split() for l in open(out + "/recorder-cpu.txt") if l.strip()]
none_by_round = {r[1]: float(r[2]) for r in by.get("none", [])}
print("| configuration | runs | median wall (s) | min-max (s) | ratio to no callback | median of per-round ratios | median ansible CPU (s) |")
print("|---|---|---|---|---|---|---|")
for c in configs:
    if not by[c]:
        continue
    walls = [float(r[2]) for r in by[c]]
    cpu = statistics.median(float(r[3]) + float(r[4]) for r in by[c])
    ratio = "x%.3f" % (med[c] / base) if base else "-"
    paired = [float(r[2]) / none_by_round[r[1]] for r in by[c] if r[1] in none_by_round]
    per_round = "x%.3f" % statistics.median(paired) if paired and c != "none" else ""
    print("| %s | %d | %.2f | %.2f-%.2f | %s | %s | %.1f |"
          % (names.get(c, c), len(walls), med[c], min(walls), max(walls), ratio, per_round, cpu))
# The k-th recorder line belongs to the k-th journal run; the warm-up round is left out.
journal_rounds = [r[1] for r in rows if r[0] == "journal"]
rec = [line for line, rnd in zip(rec, journal_rounds) if rnd != "0"]
if rec:
    cpu = [float(u) + float(s) for _, u, s in rec]
    print("\nara-journal recorder process (JVM), median over %d runs: %.2f s CPU (user+sys), %.2f s alive"
          % (len(rec), statistics.median(cpu), statistics.median(float(r[0]) for r in rec)))
try:
    inv = json.load(open(out + "/journal-inspect.json"))
    runs = inv.get("runs", [])
    print("journal: %d runs, events per run %s" % (len(runs), sorted({r.get("events") for r in runs})))
except Exception as e:
    print("journal inspect unavailable: %r" % (e,))
