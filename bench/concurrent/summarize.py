"""Summarises bench/concurrent-jobs.sh results: per configuration, the median wall time of a round
(first start to last exit of its jobs), its ratio to no callback (ratio of medians) and the median of
the per-round ratios (each round against the no-callback round of the same round number), the CPU
of the jobs' process trees, and the recorders' own CPU (logged apart: they run in sessions of their
own); then each round's ratios. Usage: summarize.py RESULT_DIR JOBS CONFIG... (partial results too)."""
import statistics
import sys

out, jobs, configs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = [l.rstrip("\n").split("\t") for l in open(out + "/results.tsv")][1:]
counted = [r for r in rows if r[1] != "0"]
wall = {(r[0], r[1]): float(r[2]) for r in counted}
by = {c: [r for r in counted if r[0] == c] for c in configs}
try:
    idle = open(out + "/journal-idle").read().strip()
except OSError:
    idle = "?"
names = {"none": "no callback", "journal1": "ara-journal, a recorder per run (IDLE=0)",
         "journal": "ara-journal, shared recorder (IDLE=%s)" % idle}


def recorder_cpu(config):
    """Recorder CPU (user+sys) per counted round, or a note why there is none."""
    try:
        lines = []
        for line in open("%s/recorder-cpu-%s.txt" % (out, config)):
            try:
                _, user, sys_ = (float(f) for f in line.split())
            except ValueError:
                continue  # /usr/bin/time's note on a recorder stopped by a signal
            lines.append(user + sys_)
    except OSError:
        return ""
    runs = sum(1 for r in rows if r[0] == config) * jobs
    if len(lines) == runs:
        # A recorder per run, rounds one after the other: the lines come round by round.
        per_round = [sum(lines[i:i + jobs]) for i in range(0, len(lines), jobs)]
        per_round = [cpu for cpu, r in zip(per_round, [r for r in rows if r[0] == config]) if r[1] != "0"]
        return "%.2f" % statistics.median(per_round) if per_round else ""
    return "%.2f in all (%d JVMs for %d runs; not attributable per round)" % (sum(lines), len(lines), runs)


base = statistics.median(float(r[2]) for r in by["none"]) if by.get("none") else None
print("| configuration | rounds | median wall (s) | min-max (s) | ratio of medians | median of per-round ratios "
      "| median CPU of the %d jobs (s) | median recorder CPU per round (s) |" % jobs)
print("|---|---|---|---|---|---|---|---|")
for c in configs:
    if not by[c]:
        continue
    walls = [float(r[2]) for r in by[c]]
    med = statistics.median(walls)
    ratios = [wall[(c, r[1])] / wall[("none", r[1])] for r in by[c] if ("none", r[1]) in wall]
    print("| %s | %d | %.2f | %.2f-%.2f | %s | %s | %.1f | %s |" % (
        names.get(c, c), len(walls), med, min(walls), max(walls),
        "x%.3f" % (med / base) if base else "-",
        "x%.3f" % statistics.median(ratios) if ratios and c != "none" else "",
        statistics.median(float(r[3]) for r in by[c]), recorder_cpu(c) if c != "none" else ""))

others = [c for c in configs if c != "none"]
if base and others:
    print("\n| round | " + " | ".join("%s (s)" % c for c in configs) + " | "
          + " | ".join("%s / none" % c for c in others) + " |")
    print("|---|" + "---|" * (len(configs) + len(others)))
    for rnd in sorted({r[1] for r in counted}, key=int):
        cells = ["%.2f" % wall[(c, rnd)] if (c, rnd) in wall else "-" for c in configs]
        cells += ["x%.3f" % (wall[(c, rnd)] / wall[("none", rnd)])
                  if (c, rnd) in wall and ("none", rnd) in wall else "-" for c in others]
        print("| %s | %s |" % (rnd, " | ".join(cells)))
