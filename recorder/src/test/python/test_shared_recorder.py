"""The hand-off to a recorder that already serves the journal (SharedRecorder): through its socket
when it greets us, else to a recorder started for this run."""

import json
import os
import socket
import threading
import unittest

import support
from ara_journal_lib import hose as hose_module
from ara_journal_lib.hose import Hose

WAIT = 30


def event(seq):
    return json.dumps({"schema": 1, "type": "file", "run": "r", "seq": seq, "time": "t"}).encode("utf-8")


class FakeSharedRecorder:
    """Listens on the journal's socket like SharedRecorder: greets (or not), reads one run's frames
    until its end of input, acknowledges them all and closes."""

    def __init__(self, journal, greeting=hose_module.GREETING, die_after=None):
        self.greeting = greeting
        self.die_after = die_after
        self.received = b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(os.path.join(journal, hose_module.SOCKET))
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _ = self.server.accept()
        with connection:
            if self.greeting is None:
                return
            connection.sendall(self.greeting)
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                self.received += chunk
                if self.die_after is not None and len(self.received) >= self.die_after:
                    return  # killed: the connection goes with it, nothing acknowledged
            connection.sendall(b"%d\n" % len(support.read_frames(self.received)))

    def close(self):
        self.server.close()


class SharedRecorderHandOffTest(unittest.TestCase):

    def setUp(self):
        self.journal = support.journal_dir(self)
        self.frames = os.path.join(self.journal, "received")
        self.warnings = []

    def start(self, idle):
        hose = Hose(self.journal, support.fake_recorder(self.frames, "ack"), "run-1", self.warnings.append, "64M", idle)
        self.addCleanup(support.stop_hose, hose)
        return hose

    def shared(self, **kwargs):
        recorder = FakeSharedRecorder(self.journal, **kwargs)
        self.addCleanup(recorder.close)
        return recorder

    def test_a_run_records_through_the_recorder_that_serves_the_journal_and_starts_none(self):
        recorder = self.shared()
        hose = self.start(idle=300)
        hose.send(event(1))
        hose.send(event(2))
        hose.close(WAIT)
        recorder.thread.join(WAIT)
        self.assertIsNone(hose.proc)
        self.assertEqual([1, 2], [e["seq"] for e in support.read_frames(recorder.received)])
        self.assertEqual(2, hose.acked)
        self.assertEqual([], os.listdir(os.path.join(self.journal, "spool")))
        self.assertEqual([], self.warnings)

    def test_a_recorder_that_does_not_greet_is_left_and_one_is_started_for_the_run(self):
        self.shared(greeting=None)  # e.g. its code changed on disk: it takes no more runs
        hose = self.start(idle=300)
        hose.send(event(1))
        hose.close(WAIT)
        self.assertIsNotNone(hose.proc)
        self.assertEqual([1], [e["seq"] for e in support.read_frames(support.read_file(self.frames))])

    def test_a_socket_left_by_a_killed_recorder_starts_a_recorder_for_the_run(self):
        left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        left.bind(os.path.join(self.journal, hose_module.SOCKET))
        left.close()  # the file stays, nobody listens
        hose = self.start(idle=300)
        hose.send(event(1))
        hose.close(WAIT)
        self.assertIsNotNone(hose.proc)
        self.assertEqual(1, hose.acked)

    def test_idle_zero_starts_a_recorder_per_run_even_when_one_serves_the_journal(self):
        recorder = self.shared()
        hose = self.start(idle=0)
        hose.send(event(1))
        hose.close(WAIT)
        self.assertIsNotNone(hose.proc)
        self.assertEqual(b"", recorder.received)

    def test_the_started_recorder_is_told_how_long_to_serve_later_runs(self):
        started = []
        real_popen = hose_module.subprocess.Popen

        def popen(*args, **kwargs):
            started.append(kwargs["env"]["ARA_JOURNAL_RECORDER_IDLE"])
            return real_popen(*args, **kwargs)

        hose_module.subprocess.Popen = popen
        self.addCleanup(setattr, hose_module.subprocess, "Popen", real_popen)
        self.start(idle=42.5).close(WAIT)
        self.assertEqual(["42.5"], started)

    def test_events_a_shared_recorder_that_dies_did_not_acknowledge_go_to_the_spool(self):
        self.shared(die_after=1)
        hose = self.start(idle=300)
        hose.send(event(1))
        with hose.lock:
            self.assertTrue(hose.lock.wait_for(lambda: hose.recorder_gone, WAIT))
        hose.send(event(2))
        hose.close(WAIT)
        self.assertEqual([1, 2], [e["seq"] for e in support.spooled_events(self.journal)])

    def test_a_setting_that_is_not_seconds_is_warned_of_and_the_default_kept(self):
        self.assertEqual(hose_module.DEFAULT_IDLE, hose_module.checked_idle("soon", self.warnings.append))
        self.assertIn("journal_recorder_idle", self.warnings[0])
        self.assertEqual(0, hose_module.checked_idle("0", self.warnings.append))


if __name__ == "__main__":
    unittest.main()
