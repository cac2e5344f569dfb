"""The hand-off of frames to the recorder, on a fake recorder: framing, acknowledgements, failover
to the spool when the recorder is dead or stuck, a full disk, forked workers."""

import fcntl
import json
import os
import signal
import unittest
from unittest import mock

import support
from ara_journal_lib import hose as hose_module
from ara_journal_lib.hose import Hose

WAIT = 30  # seconds: a bound for a healthy fake recorder, never reached when the code works


def event(seq, **fields):
    return json.dumps(dict({"schema": 1, "type": "file", "run": "r", "seq": seq, "time": "t"}, **fields),
                      ensure_ascii=False).encode("utf-8")


class HoseTest(unittest.TestCase):

    def setUp(self):
        self.journal = support.journal_dir(self)
        self.frames = os.path.join(self.journal, "received")
        self.warnings = []

    def start(self, *behaviour, recorder=None):
        hose = Hose(self.journal, recorder or support.fake_recorder(self.frames, *behaviour), "run-1",
                    self.warnings.append, "64M")
        self.addCleanup(support.stop_hose, hose)
        return hose

    def wait_for(self, hose, condition):
        with hose.lock:
            self.assertTrue(hose.lock.wait_for(condition, WAIT), "the fake recorder did not answer in time")

    def test_each_event_goes_out_as_a_big_endian_length_then_its_utf8_json(self):
        hose = self.start("ack")
        sent = [event(1, path="/plays/site.yml"), event(2, content="héllo ✓"), event(3, content="")]
        for data in sent:
            hose.send(data)
        hose.close(WAIT)
        received = support.read_file(self.frames)
        self.assertEqual(b"".join(len(data).to_bytes(4, "big") + data for data in sent), received)
        self.assertEqual([json.loads(data) for data in sent], support.read_frames(received))

    def test_a_run_the_recorder_acknowledges_whole_leaves_no_spool(self):
        hose = self.start("ack")
        for seq in range(1, 6):
            hose.send(event(seq))
        hose.close(WAIT)
        self.assertEqual(5, hose.acked)
        self.assertEqual([], os.listdir(os.path.join(self.journal, "spool")))
        self.assertEqual([], self.warnings)

    def test_a_recorder_that_cannot_start_sends_every_event_to_the_spool(self):
        hose = self.start(recorder=[os.path.join(self.journal, "no-such-recorder")])
        hose.send(event(1))
        hose.send(event(2))
        hose.close(WAIT)
        self.assertEqual([1, 2], [e["seq"] for e in support.spooled_events(self.journal)])
        self.assertIn("cannot start the recorder", self.warnings[0])

    def test_events_a_dead_recorder_did_not_acknowledge_go_to_the_spool(self):
        hose = self.start("exit", "2")
        hose.send(event(1))
        hose.send(event(2))
        self.wait_for(hose, lambda: hose.acked == 2)
        hose.proc.wait()
        for seq in (3, 4, 5):
            hose.send(event(seq))
        hose.close(WAIT)
        self.assertEqual([3, 4, 5], [e["seq"] for e in support.spooled_events(self.journal)])
        self.assertEqual(1, len(self.warnings))

    def test_a_killed_recorder_is_reaped_at_once_not_left_a_zombie_holding_its_pid(self):
        hose = self.start("ack")
        hose.send(event(1))
        self.wait_for(hose, lambda: hose.acked == 1)
        pid = hose.proc.pid
        os.kill(pid, signal.SIGKILL)
        hose.reader.join(WAIT)
        self.assertEqual(-signal.SIGKILL, hose.proc.returncode, "reaped by the run that started it")
        self.assertFalse(os.path.exists("/proc/%d" % pid), "no zombie keeps the pid looking alive")

    def test_a_stuck_recorder_past_the_memory_bound_sends_what_it_holds_and_what_follows_to_the_spool(self):
        hose = self.start("silent")
        with mock.patch.object(hose_module, "MAX_PENDING_BYTES", len(event(1)) * 2):
            for seq in range(1, 6):
                hose.send(event(seq))
        self.assertIn("has not confirmed", self.warnings[0])
        hose.close(WAIT)
        self.assertEqual([1, 2, 3, 4, 5], [e["seq"] for e in support.spooled_events(self.journal)])

    def test_events_still_unacknowledged_when_the_wait_ends_go_to_the_spool(self):
        hose = self.start("silent")
        hose.send(event(1))
        hose.send(event(2))
        hose.close(0)
        self.assertEqual([1, 2], [e["seq"] for e in support.spooled_events(self.journal)])
        self.assertIn("confirmed 0 of 2 events", self.warnings[0])

    def test_the_spool_is_named_for_the_run_and_process_and_private(self):
        hose = self.start(recorder=[os.path.join(self.journal, "no-such-recorder")])
        hose.send(event(1))
        hose.close(WAIT)
        path = os.path.join(self.journal, "spool", "run-1-%d.spool" % os.getpid())
        self.assertEqual(0o600, os.stat(path).st_mode & 0o777)

    def test_the_spool_is_locked_while_written_and_released_at_close(self):
        hose = self.start(recorder=[os.path.join(self.journal, "no-such-recorder")])
        hose.send(event(1))
        path = os.path.join(self.journal, "spool", os.listdir(os.path.join(self.journal, "spool"))[0])
        self.assertFalse(self.lockable_by_another_process(path))
        hose.close(WAIT)
        self.assertTrue(self.lockable_by_another_process(path))

    def lockable_by_another_process(self, path):
        child = os.fork()
        if child == 0:
            fd = os.open(path, os.O_WRONLY)
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os._exit(0)
            except OSError:
                os._exit(1)
        return os.waitpid(child, 0)[1] == 0

    def test_after_a_full_disk_nothing_more_is_sent_or_spooled_and_the_warning_is_given_once(self):
        hose = self.start("full", "1")
        self.wait_for(hose, lambda: hose.full is not None)
        hose.send(event(1))
        hose.send(event(2))
        hose.close(WAIT)
        self.assertEqual(0, hose.sent)
        self.assertEqual([], os.listdir(os.path.join(self.journal, "spool")))
        self.assertEqual(1, len(self.warnings))
        self.assertIn("is full: this run is recorded up to event 1", self.warnings[0])

    def test_a_forked_worker_holds_no_end_of_the_recorders_pipes(self):
        hose = self.start("ack")
        read, write = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(read)
            targets = [os.readlink("/proc/self/fd/%d" % fd) for fd in hose.pipes]
            os.write(write, json.dumps(targets).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as answer:
            targets = json.loads(answer.read())
        os.waitpid(child, 0)
        self.assertEqual([os.devnull, os.devnull], targets)
        self.assertTrue(os.readlink("/proc/self/fd/%d" % hose.pipes[0]).startswith("pipe:"))

    def test_closing_in_a_forked_worker_leaves_the_recorder_to_the_controller(self):
        hose = self.start("ack")
        hose.send(event(1))
        child = os.fork()
        if child == 0:
            hose.close(0)
            os._exit(0 if not hose.closed and not os.listdir(os.path.join(self.journal, "spool")) else 1)
        self.assertEqual(0, os.waitpid(child, 0)[1])
        hose.close(WAIT)
        self.assertEqual(1, hose.acked)


class JournalDirTest(unittest.TestCase):

    def test_a_missing_journal_directory_is_made_private_with_its_spool(self):
        journal = os.path.join(support.journal_dir(self), "new", "journal")
        hose_module.prepare_journal_dir(journal)
        self.assertEqual(0o700, os.stat(journal).st_mode & 0o777)
        self.assertEqual(0o700, os.stat(os.path.join(journal, "spool")).st_mode & 0o777)

    def test_a_journal_that_cannot_be_made_disables_recording_with_a_warning(self):
        blocker = os.path.join(support.journal_dir(self), "a-file")
        open(blocker, "w").close()
        warnings = []
        self.assertIsNone(hose_module.start(os.path.join(blocker, "journal"), "", "64M", "run", warnings.append))
        self.assertIn("the playbook runs unrecorded", warnings[0])

    def test_a_min_free_that_is_not_a_size_falls_back_to_64M_with_a_warning(self):
        warnings = []
        self.assertEqual("64M", hose_module.checked_min_free("lots", warnings.append))
        self.assertEqual("1G", hose_module.checked_min_free(" 1G ", warnings.append))
        self.assertEqual(1, len(warnings))


if __name__ == "__main__":
    unittest.main()
