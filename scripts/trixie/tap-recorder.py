#!/usr/bin/env python3
"""Stand-in recorder for checks: writes each event the ara_journal callback streams to a JSON-lines
file and acknowledges it like the real recorder, so the exact events can be read and compared.

Usage (as the callback's recorder): ARA_JOURNAL_RECORDER="python3 tap-recorder.py OUT.jsonl"
(the callback appends "--journal DIR", which is ignored). Python stdlib only.
"""
import json
import struct
import sys


def main():
    out_path = sys.argv[1]
    source = sys.stdin.buffer
    count = 0
    with open(out_path, "a", encoding="utf-8") as out:
        while True:
            header = source.read(4)
            if len(header) < 4:
                break
            (length,) = struct.unpack(">I", header)
            body = source.read(length)
            if len(body) < length:
                break
            out.write(json.dumps(json.loads(body.decode("utf-8")), sort_keys=True) + "\n")
            out.flush()
            count += 1
            sys.stdout.write("%d\n" % count)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
