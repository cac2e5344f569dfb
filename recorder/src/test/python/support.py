"""What the callback's unit tests share: the package on sys.path, a fake recorder, frame parsing."""

import json
import os
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.realpath(__file__))
PYTHON_SRC = os.path.realpath(os.path.join(HERE, "..", "..", "main", "python"))
PLUGIN = os.path.join(PYTHON_SRC, "callback_plugins", "ara_journal.py")
ACTION = os.path.join(PYTHON_SRC, "action_plugins", "ara_record.py")
if PYTHON_SRC not in sys.path:
    sys.path.insert(0, PYTHON_SRC)

try:
    import ansible  # noqa: F401
except ImportError as e:
    raise ImportError("the callback's tests need ansible importable by %s: apt-get install ansible-core (%s)"
                      % (sys.executable, e))


def fake_recorder(*behaviour):
    """The command of a recorder played by fake_recorder.py; Hose appends --journal DIR."""
    return [sys.executable, "-B", os.path.join(HERE, "fake_recorder.py")] + list(behaviour)


def stop_hose(hose):
    """Ends a hose without waiting and reaps the recorder it started, if any (a test's cleanup)."""
    hose.close(0)
    if hose.proc is not None:
        if hose.proc.poll() is None:
            hose.proc.kill()
        hose.proc.wait()
        hose.proc.stdout.close()


def read_frames(data):
    """The events of a stream of frames, each checked to be a length prefix and UTF-8 JSON."""
    events, offset = [], 0
    while offset < len(data):
        if len(data) - offset < 4:
            raise AssertionError("a torn length prefix at byte %d of %r" % (offset, data))
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        body = data[offset + 4:offset + 4 + length]
        if len(body) != length:
            raise AssertionError("a frame of %d bytes has only %d at byte %d" % (length, len(body), offset))
        events.append(json.loads(body.decode("utf-8")))
        offset += 4 + length
    return events


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def journal_dir(test):
    """A fresh journal directory (with spool/) removed when the test ends."""
    directory = tempfile.TemporaryDirectory(prefix="ara-journal-test-")
    test.addCleanup(directory.cleanup)
    os.makedirs(os.path.join(directory.name, "spool"))
    return directory.name


def spooled_events(journal):
    """The events in the journal's spool files, in file name order."""
    spool = os.path.join(journal, "spool")
    events = []
    for name in sorted(os.listdir(spool)):
        events.extend(read_frames(read_file(os.path.join(spool, name))))
    return events
