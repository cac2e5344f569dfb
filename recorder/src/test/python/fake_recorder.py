"""A stand-in for `ara-journal record`: reads frames from stdin, copies them to FRAMES_FILE and
answers as told. Usage: fake_recorder.py FRAMES_FILE BEHAVIOUR [N] --journal DIR
  ack        acknowledge every frame at once
  exit N     acknowledge the first N frames, then exit without reading more (a dead recorder)
  silent     read every frame, acknowledge none (a stuck recorder)
  full N     acknowledge N frames, report the disk full after them, read and drop the rest"""

import os
import struct
import sys


def read_exactly(stream, size):
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main(frames_file, behaviour, limit):
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    count = 0
    if behaviour == "full":
        stdout.write(b"full %d\n" % limit)
        stdout.flush()
    with open(frames_file, "ab") as out:
        while True:
            if behaviour == "exit" and count == limit:
                return
            header = read_exactly(stdin, 4)
            if header is None:
                return
            body = read_exactly(stdin, struct.unpack(">I", header)[0])
            if body is None:
                return
            count += 1
            out.write(header + body)
            out.flush()
            if behaviour in ("ack", "exit"):
                stdout.write(b"%d\n" % count)
                stdout.flush()


if __name__ == "__main__":
    args = sys.argv[1:sys.argv.index("--journal")]
    main(args[0], args[1], int(args[2]) if len(args) > 2 else 0)
    os._exit(0)
