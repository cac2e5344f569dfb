# The recorder's CPU when events trickle in, as they do while a playbook runs: feeds EVENTS frames
# (the class-data training events, renumbered as one run) into `bin/ara-journal record` at a steady
# RATE per second and prints the CPU each recorder thread used, read from /proc just before input ends.
# Usage: /usr/bin/python3 bench/profile/trickle.py EVENTS RATE JOURNAL_DIR   (e.g. 600 20 /tmp/j)
import glob, json, os, struct, subprocess, sys, time, uuid

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
events = [json.loads(line) for line in open(os.path.join(root, "recorder/src/cds/training-events.jsonl"))]
count, rate, journal = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
recorder = subprocess.Popen([os.path.join(root, "bin/ara-journal"), "record", "--journal", journal],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(os.path.dirname(os.path.abspath(journal)), "trickle-recorder.log"), "w"),
                            bufsize=0)


def threads(pid):
    """CPU seconds (user+sys) per thread name of process pid."""
    used = {}
    for task in glob.glob("/proc/%d/task/*" % pid):
        try:
            fields = open(task + "/stat").read().rsplit(")", 1)[1].split()
            name = open(task + "/comm").read().strip()
        except OSError:
            continue  # the thread ended meanwhile
        used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


run = str(uuid.uuid4())
start = time.monotonic()
used = {}
for seq in range(1, count + 1):
    event = dict(events[(seq - 1) % len(events)], run=run, seq=seq)
    data = json.dumps(event).encode()
    recorder.stdin.write(struct.pack(">I", len(data)) + data)
    if seq == count:
        used = threads(recorder.pid)  # bin/ara-journal execs java: same pid
    delay = start + seq / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
recorder.stdin.close()
recorder.wait()
for name, seconds in sorted(used.items(), key=lambda item: -item[1]):
    if seconds:
        print("%-20s %6.2f s" % (name, seconds))
print("total %.2f s CPU for %d events at %g/s" % (sum(used.values()), count, rate))
