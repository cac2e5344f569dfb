# When each event could first be read from the journal, against the time Ansible reported it:
# polls the queue files every 10 ms until STOP_FILE exists, then prints one line per event (run,
# seq, type, reported time, epoch seconds it was first seen). The journal holds plain JSON excerpts
# (docs/journal-format.md), so a byte scan finds them without a Chronicle reader.
# Usage: python3 journal-arrivals.py JOURNAL_DIR STOP_FILE OUT_TSV
import glob, os, re, sys, time

journal, stop_file, out = sys.argv[1:4]
envelope = re.compile(rb'"type":"(\w+)","run":"([^"]+)","seq":(\d+),"time":"([^"]+)"')
seen, offsets = {}, {}
while not os.path.exists(stop_file):
    for path in glob.glob(os.path.join(journal, "queue", "*.cq4")):
        offset = offsets.get(path, 0)
        try:
            with open(path, "rb") as f:
                f.seek(offset)
                data = f.read(1 << 20)
        except OSError:
            continue
        now, last = time.time(), 0
        for m in envelope.finditer(data):
            last = m.end()
            key = (m.group(2).decode(), int(m.group(3)))
            seen.setdefault(key, (m.group(1).decode(), m.group(4).decode(), now))
        offsets[path] = offset + last
    time.sleep(0.01)
with open(out, "w") as f:
    for (run, seq), (kind, reported, arrived) in sorted(seen.items(), key=lambda kv: kv[1][2]):
        f.write("%s\t%d\t%s\t%s\t%.6f\n" % (run, seq, kind, reported, arrived))
