"""One run's recording: its id and sequence of events, the hand-off to the recorder from the run's
start to its end (signals included), and the one warning a run gets."""

import atexit
import functools
import os
import signal
import uuid

from . import signals
from .frames import UtcClock, json_value, template
from .hose import start as start_hose

_now = UtcClock().now


class Recording:
    """Numbers a run's events and hands them to the recorder; records nothing in a forked worker."""

    def __init__(self, warning):
        """warning(message) shows a message to the user; at most one is shown per run."""
        self.run = str(uuid.uuid4())
        self.seq = 0
        self.hose = None
        self.disabled = False
        self._warning = warning
        self._warned = False
        self._ack_timeout = None
        self._pid = os.getpid()
        # Ansible's workers are forks of this process; hooks must do nothing there. A flag set at
        # fork, not a getpid() per hook (a system call per event adds up after forks), and set by a
        # builtin: a Python function of ours run in each forked child writes pages (frame, reference
        # counts) that each cost it a copy-on-write fault.
        os.register_at_fork(after_in_child=functools.partial(setattr, self, "disabled", True))

    def warn(self, message):
        if not self._warned:
            self._warned = True
            self._warning(message)

    def template(self, event_type, names):
        """The frame template (frames.template) of this run's events of event_type with fields names."""
        return template(self.run, event_type, names)

    def emit(self, event_type, **fields):
        """Records one event of the rarer kinds; returns its time (None when nothing is recorded)."""
        return self.frame(template(self.run, event_type, fields), *[json_value(v) for v in fields.values()])

    def frame(self, frame_template, *values):
        """Records one event from its template and the JSON texts of its fields; returns its time
        (None when nothing is recorded). One string formatted, not a dict encoded: right after a fork
        of a worker, every page first written costs a copy-on-write fault."""
        if self.disabled or self.hose is None:
            return None
        self.seq += 1
        now = _now()
        self.hose.send((frame_template % ((self.seq, now) + values)).encode("utf-8"))
        return now

    def start(self, opt):
        """Starts the hand-off with the callback's options opt; False when there is nothing to record into."""
        self._ack_timeout = float(opt["ack_timeout"])
        self.hose = start_hose(opt["journal_dir"], opt["recorder_command"], opt["min_free"], self.run, self.warn,
                               opt["recorder_idle"])
        if self.hose is None:
            self.disabled = True
            return False
        atexit.register(self.close)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signals.chain(sig, self._interrupted, self.close)
        return True

    def close(self):
        """Ends the hand-off: waits (bounded by ack_timeout) for the recorder, spools what it did not confirm."""
        if self.hose is not None:
            try:
                self.hose.close(self._ack_timeout)
            except Exception as e:
                self.warn("ara_journal: could not finish recording: %r" % (e,))

    def _interrupted(self, signum):
        if os.getpid() == self._pid and not self.disabled:
            try:
                # No task_ended / play_ended: the task did not finish, and ara_default (1.7)
                # leaves the current task and play "running" when it marks the playbook expired.
                self.emit("interrupted", signal=signal.Signals(signum).name)
            except Exception:
                pass
