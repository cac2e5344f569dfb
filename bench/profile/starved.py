# Whether the recorder keeps up when every CPU is busy with other work: saturates the machine with
# BUSY spinning processes, each in a session of its own (as other jobs on a shared machine are),
# then hands EVENTS result-sized events at RATE per second to the callback's own Hose (which starts
# `bin/ara-journal record` as in a playbook run) and prints how long each send took: a full pipe
# blocks it, and the callback would block Ansible there.
# Usage: /usr/bin/python3 bench/profile/starved.py BUSY EVENTS RATE JOURNAL_DIR  (e.g. 4 1200 40 /tmp/j)
import importlib.util, json, os, subprocess, sys, time, uuid

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    "ara_journal", os.path.join(root, "recorder/src/main/python/callback_plugins/ara_journal.py"))
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)
events = [json.loads(line) for line in open(os.path.join(root, "recorder/src/cds/training-events.jsonl"))]
busy, count, rate, journal = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]

spinners = [subprocess.Popen(["/usr/bin/python3", "-c", "while True: pass"], start_new_session=True) for _ in range(busy)]
try:
    os.makedirs(journal, mode=0o700, exist_ok=True)
    run = str(uuid.uuid4())
    # A result-sized event (a 30x20 run's average is about 2.5 KB): a training event plus padding.
    frames = [json.dumps(dict(events[(seq - 1) % len(events)], run=run, seq=seq, padding="x" * 2048)).encode()
              for seq in range(1, count + 1)]
    warnings = []
    hose = plugin.Hose(journal, plugin.install.default_recorder(), run, warnings.append, "64M")
    blocked = []
    start = time.monotonic()
    for seq, frame in enumerate(frames, 1):
        t0 = time.monotonic()
        hose.send(frame)
        blocked.append(time.monotonic() - t0)
        delay = start + seq / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    fed = time.monotonic() - start
    hose.close(60)
    end = time.monotonic() - start
finally:
    for spinner in spinners:
        spinner.kill()
blocked.sort()
print("%d spinners, %d events at %g/s (%.1f KB each): fed in %.1f s, all confirmed %.1f s after start"
      % (busy, count, rate, sum(map(len, frames)) / count / 1024, fed, end))
print("send(): p50 %.3f ms, p99 %.3f ms, max %.3f ms; sends over 10 ms: %d; warnings: %s"
      % (blocked[len(blocked) // 2] * 1e3, blocked[int(len(blocked) * 0.99)] * 1e3, blocked[-1] * 1e3,
         sum(1 for b in blocked if b > 0.01), warnings or "none"))
