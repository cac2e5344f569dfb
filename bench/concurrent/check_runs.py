"""Checks that a round of bench/concurrent-jobs.sh left JOBS whole runs in its journal: between two
`ara-journal inspect --json` documents, exactly JOBS new runs, all completed, each of the playbook's
shape (plays, tasks, hosts, a result per task and host) and of one event count, and no new problem
entry. Prints one line on success; exits 1 naming what is wrong otherwise.
Usage: check_runs.py BEFORE.json AFTER.json JOBS PLAYS TASKS HOSTS PLAYBOOK"""
import json
import sys


def main(before_path, after_path, jobs, plays, tasks, hosts, playbook):
    jobs, plays, tasks, hosts = int(jobs), int(plays), int(tasks), int(hosts)
    before, after = json.load(open(before_path)), json.load(open(after_path))
    known = {r["run"] for r in before["runs"]}
    new = [r for r in after["runs"] if r["run"] not in known]
    expected = {"status": "completed", "path": playbook, "plays": plays, "tasks": tasks, "hosts": hosts,
                "results": tasks * hosts}
    errors = []
    if len(new) != jobs:
        errors.append("%d new runs in the journal, expected %d" % (len(new), jobs))
    completed = sum(r["status"] == "completed" for r in after["runs"]) - sum(r["status"] == "completed" for r in before["runs"])
    if completed != jobs:
        errors.append("complete runs grew by %d, expected %d" % (completed, jobs))
    for run in new:
        wrong = {k: run.get(k) for k, v in expected.items() if run.get(k) != v}
        if wrong:
            errors.append("run %s has %s, expected %s" % (run["run"], wrong, {k: expected[k] for k in wrong}))
    events = sorted({r["events"] for r in new})
    if len(events) > 1:
        errors.append("the new runs differ in their event counts: %s" % events)
    if len(after["problems"]) > len(before["problems"]):
        errors.append("new problem entries: %s" % after["problems"][len(before["problems"]):])
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    print("%d new complete runs, %s events each, %d in the journal" % (len(new), events[0] if events else "-", len(after["runs"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
