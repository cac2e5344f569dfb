"""Summarises bench/foreground.sh results: median wall time per configuration, its ratio to "no
callback", and the median of the per-round ratios (each run against the "no callback" run of its
round: steadier when the machine's speed drifts between rounds), and the CPU of the whole
ansible-playbook process tree and of its controller process alone (where callbacks run); then
each configuration's speed-adjusted ratio (see below), the measure that the drift does not swamp.
Usage: summarize.py RESULT_DIR CONFIG... (works on partial results too)."""
import json, random, statistics, sys
out, configs = sys.argv[1], sys.argv[2:]
rows = [l.rstrip("\n").split("\t") for l in open(out + "/results.tsv")][1:]
by = {c: [r for r in rows if r[0] == c and r[1] != "0"] for c in configs}
med = {c: statistics.median(float(r[2]) for r in by[c]) for c in configs if by[c]}
base = med.get("none")
names = {"none": "no callback", "journal": "ara-journal", "journal1": "ara-journal, a recorder per run (IDLE=0)",
         "baseline": "ara-journal (baseline checkout)",
         "ara0": "ara_default, threads 0 (HTTP)",
         "ara4": "ara_default, threads 4 (HTTP)"}
# Sets since issue 18 say how long the recorder of "journal" and "baseline" lingered between runs.
try:
    idle = open(out + "/journal-idle").read().strip()
    names["journal"] = "ara-journal, shared recorder (IDLE=%s)" % idle
    names["baseline"] = "ara-journal (baseline checkout, IDLE=%s)" % idle
except OSError:
    pass
none_by_round = {r[1]: float(r[2]) for r in by.get("none", [])}
# Results from before the controller's own CPU was logged have five columns.
controller = all(len(r) >= 7 for r in rows)
# Minor page faults (logged since stop 10) count work the machine's speed does not inflate: on this
# VM most of a run's CPU is copy-on-write faults after Ansible's forks.
faults = all(len(r) >= 9 for r in rows)
# Involuntary context switches (logged since stop 13): how often something pre-empted the tree's
# processes and the controller, which a recorder competing at Ansible's priority adds to.
switches = all(len(r) >= 11 for r in rows)
print("| configuration | runs | median wall (s) | min-max (s) | ratio to no callback | median of per-round ratios | median ansible CPU (s) |"
      + (" median controller CPU (s) |" if controller else "")
      + (" median minor faults, tree / controller (thousands) |" if faults else "")
      + (" median involuntary switches, tree / controller (thousands) |" if switches else ""))
print("|---|---|---|---|---|---|---|" + ("---|" if controller else "") + ("---|" if faults else "")
      + ("---|" if switches else ""))
for c in configs:
    if not by[c]:
        continue
    walls = [float(r[2]) for r in by[c]]
    cpu = statistics.median(float(r[3]) + float(r[4]) for r in by[c])
    ratio = "x%.3f" % (med[c] / base) if base else "-"
    paired = [float(r[2]) / none_by_round[r[1]] for r in by[c] if r[1] in none_by_round]
    per_round = "x%.3f" % statistics.median(paired) if paired and c != "none" else ""
    ctl = " %.2f |" % statistics.median(float(r[5]) + float(r[6]) for r in by[c]) if controller else ""
    flt = (" %.0f / %.0f |" % (statistics.median(float(r[7]) for r in by[c]) / 1e3,
                               statistics.median(float(r[8]) for r in by[c]) / 1e3)) if faults else ""
    sw = (" %.1f / %.1f |" % (statistics.median(float(r[9]) for r in by[c]) / 1e3,
                              statistics.median(float(r[10]) for r in by[c]) / 1e3)) if switches else ""
    print("| %s | %d | %.2f | %.2f-%.2f | %s | %s | %.1f |%s%s%s"
          % (names.get(c, c), len(walls), med[c], min(walls), max(walls), ratio, per_round, cpu, ctl, flt, sw))


def cpu_lines(path):
    """The "wall user sys" lines of a recorder CPU log, without /usr/bin/time's notes (a recorder
    stopped by a signal adds "Command exited with non-zero status 143")."""
    lines = []
    for line in open(path):
        try:
            wall, user, sys_ = (float(f) for f in line.split())
        except ValueError:
            continue
        lines.append((wall, user, sys_))
    return lines


# A log has one line per recorder process. With a recorder per run, the k-th line belongs to the
# k-th run of its configuration, and the warm-up round is left out. A shared recorder serves many
# runs (warm-up included) and idles between them: its CPU is not attributable to a run.
for config, log, label in (("journal", "recorder-cpu.txt", "ara-journal"),
                           ("journal1", "recorder-cpu-journal1.txt", "ara-journal, a recorder per run,"),
                           ("baseline", "baseline-recorder-cpu.txt", "baseline")):
    try:
        lines = cpu_lines(out + "/" + log)
    except OSError:
        continue
    rounds = [r[1] for r in rows if r[0] == config]
    if lines and len(lines) != len(rounds):
        print("\n%s: %d recorder processes (JVMs) served %d runs (warm-up included): %.2f s CPU (user+sys) in all,"
              " alive %.0f s in all; CPU per run is not attributable to a run with a shared recorder"
              % (label, len(lines), len(rounds), sum(u + s for _, u, s in lines), sum(w for w, _, _ in lines)))
        continue
    lines = [line for line, rnd in zip(lines, rounds) if rnd != "0"]
    if lines:
        cpu = [u + s for _, u, s in lines]
        print("\n%s recorder process (JVM), median over %d runs: %.2f s CPU (user+sys), %.2f s alive"
              % (label, len(lines), statistics.median(cpu), statistics.median(w for w, _, _ in lines)))


def bootstrap_mean(values, draws=5000):
    """95% interval of the mean by resampling (seeded: the same results give the same table)."""
    rng = random.Random(1)
    means = sorted(statistics.mean(rng.choices(values, k=len(values))) for _ in range(draws))
    return means[int(0.025 * draws)], means[int(0.975 * draws) - 1]


# Speed-adjusted ratios. The machine's speed drifts 10-20% within minutes, so two runs' wall times
# differ by more than a callback costs. Ansible's workers (the tree less its controller) run the
# same modules whatever the callback, so their CPU seconds say how fast the machine was during that
# very run: wall / workers' CPU is a run's time at a steady speed. A callback's effect on the
# workers themselves is adjusted away with the drift, hence the workers' faults (which do not
# drift) beside it: what recording adds to them is to be added to the ratio.
def workers_cpu(r):
    return float(r[3]) + float(r[4]) - float(r[5]) - float(r[6])


def workers_faults(configuration):
    return statistics.median(float(r[7]) - float(r[8]) for r in by[configuration])


def adjusted(c):
    base = {r[1]: float(r[2]) / workers_cpu(r) for r in by["none"]}
    return [float(r[2]) / workers_cpu(r) / base[r[1]] for r in by[c] if r[1] in base]


if controller and faults and by.get("none"):
    print("\n| configuration | speed-adjusted ratio: mean of rounds (95% interval) | median | "
          "workers' faults against no callback |")
    print("|---|---|---|---|")
    for c in configs:
        ratios = adjusted(c)
        if c == "none" or len(ratios) < 2:
            continue
        low, high = bootstrap_mean(ratios)
        print("| %s | x%.3f (x%.3f-x%.3f) | x%.3f | x%.4f |" % (
            names.get(c, c), statistics.mean(ratios), low, high, statistics.median(ratios),
            workers_faults(c) / workers_faults("none")))
for config in ("journal", "journal1"):
    if config not in configs:
        continue
    try:
        inv = json.load(open(out + "/%s-inspect.json" % config))
        runs = inv.get("runs", [])
        statuses = sorted({r.get("status") for r in runs})
        print("%s: %d runs (%s), events per run %s, %d problem entries"
              % (config, len(runs), "/".join(statuses), sorted({r.get("events") for r in runs}),
                 len(inv.get("problems", []))))
    except Exception as e:
        print("%s inspect unavailable: %r" % (config, e))
