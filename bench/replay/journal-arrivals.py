# When each event of a run could first be read from the journal, against the time Ansible reported
# it: polls the queue files every 10 ms until STOP_FILE exists, then prints one line per event
# (seq, type, lag in seconds). The journal holds plain JSON excerpts (docs/journal-format.md), so
# a byte scan finds them without a Chronicle reader.
# Usage: python3 journal-arrivals.py JOURNAL_DIR STOP_FILE OUT_TSV
import glob, os, re, sys, time
from datetime import datetime

journal, stop_file, out = sys.argv[1:4]
envelope = re.compile(rb'"type":"(\w+)","run":"[^"]+","seq":(\d+),"time":"([^"]+)"')
seen, offsets = {}, {}
while not os.path.exists(stop_file):
    for path in glob.glob(os.path.join(journal, "queue", "*.cq4")):
        offset = offsets.get(path, 0)
        try:
            with open(path, "rb") as f:
                f.seek(offset)
                data = f.read(4 << 20)
        except OSError:
            continue
        now, last = time.time(), 0
        for m in envelope.finditer(data):
            last = m.end()
            seen.setdefault(int(m.group(2)), (m.group(1).decode(), m.group(3).decode(), now))
        offsets[path] = offset + last
    time.sleep(0.01)
with open(out, "w") as f:
    for seq in sorted(seen):
        kind, reported, arrived = seen[seq]
        f.write("%d\t%s\t%.3f\n" % (seq, kind, arrived - datetime.fromisoformat(reported).timestamp()))
