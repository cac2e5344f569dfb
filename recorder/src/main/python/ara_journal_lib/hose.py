"""The hand-off of frames to the recorder: written without waiting into the socket of the recorder
that already serves the journal, else into the stdin pipe of a recorder started for this run; kept
until acknowledged, and spooled to a file in the journal directory if the recorder dies or stops
keeping up."""

import collections
import errno
import fcntl
import os
import re
import shlex
import socket
import subprocess
import threading
import time

from . import install
from .frames import pack_length

# Unacknowledged frames kept in memory; past this the recorder is taken as stuck and we spool.
MAX_PENDING_BYTES = 256 * 1024 * 1024
PIPE_SIZE = 1024 * 1024
# Seconds the acknowledgement reader waits, after the last acknowledgement, to reap the recorder it started.
REAP_WAIT = 5
DEFAULT_MIN_FREE = "64M"
DEFAULT_IDLE = 300
# A recorder that serves later runs listens here and greets each with this line (SharedRecorder).
SOCKET = "recorder.sock"
GREETING = b"ara-journal-recorder 1\n"
GREETING_TIMEOUT = 2.0


def start(journal_dir, recorder_command, min_free, run, warn, recorder_idle=DEFAULT_IDLE):
    """A Hose into journal_dir (~ expanded): through the recorder that serves it already, else fed to
    the configured recorder command or the tree's own `bin/ara-journal record`, which then serves
    later runs until idle for recorder_idle seconds; None, with a warning, when the run cannot be
    recorded there."""
    journal_dir = os.path.abspath(os.path.expanduser(str(journal_dir)))
    try:
        prepare_journal_dir(journal_dir)
    except OSError as e:
        warn("ara_journal: cannot record this run into %s (%s); the playbook runs unrecorded" % (journal_dir, e))
        return None
    recorder = shlex.split(recorder_command) if recorder_command else install.default_recorder()
    return Hose(journal_dir, recorder, run, warn, checked_min_free(min_free, warn), checked_idle(recorder_idle, warn))


def prepare_journal_dir(journal_dir):
    """Makes the journal directory and its spool/ private if missing; raises OSError when the run
    cannot be recorded there."""
    for path in (journal_dir, os.path.join(journal_dir, "spool")):
        if not os.path.isdir(path):
            os.makedirs(path, mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)
    if not os.access(journal_dir, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, "not writable", journal_dir)


def checked_min_free(value, warn):
    """The recorder's free-space reserve as it takes it (64M, 1G, 1048576), or the default with a
    warning when the setting is not such a size."""
    value = str(value).strip()
    if not re.match(r"^[0-9]+[KkMmGg]?$", value):
        warn("ara_journal: journal_min_free (ARA_JOURNAL_MIN_FREE) must be a size such as 64M, 1G or"
             " 1048576, was %r; keeping %s free" % (value, DEFAULT_MIN_FREE))
        return DEFAULT_MIN_FREE
    return value


def checked_idle(value, warn):
    """Seconds a recorder serves later runs once idle, from the setting; the default, with a
    warning, when it is not a number of seconds from 0 to a day."""
    try:
        seconds = float(value)
        if 0 <= seconds <= 86400:
            return seconds
    except (TypeError, ValueError):
        pass
    warn("ara_journal: journal_recorder_idle (ARA_JOURNAL_RECORDER_IDLE) must be seconds from 0 (a recorder per run)"
         " to 86400, was %r; keeping %d" % (value, DEFAULT_IDLE))
    return DEFAULT_IDLE


def connect_shared(journal_dir):
    """A connection to the recorder that serves journal_dir, once it has greeted us; None when no
    recorder answers there (none listens, a socket left by a killed one, a path too long for a
    socket, a recorder that takes no more runs)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(GREETING_TIMEOUT)
        sock.connect(os.path.join(journal_dir, SOCKET))
        greeting = b""
        # A byte at a time: nothing after the greeting is ours to read here.
        while len(greeting) < len(GREETING) and not greeting.endswith(b"\n"):
            byte = sock.recv(1)
            if not byte:
                break
            greeting += byte
        if greeting == GREETING:
            sock.settimeout(None)
            return sock
    except OSError:
        pass
    sock.close()
    return None


class Hose:
    """Hands frames to the recorder process and guarantees each one is acknowledged or spooled."""

    def __init__(self, journal_dir, recorder, run, warn, min_free, idle=0):
        self.journal_dir = journal_dir
        self.run = run
        self.warn = warn
        self.pid = os.getpid()
        self.sent = 0
        self.acked = 0
        self.pending = collections.deque()  # (frame number, event bytes) not yet acknowledged
        self.pending_bytes = 0
        # send() takes the bare lock: a Condition's own `with` runs Python code on every event.
        self.mutex = threading.Lock()
        self.lock = threading.Condition(self.mutex)
        self.recorder_gone = False
        self.full = None  # frames the recorder appended before the disk filled up, once it says so
        self.full_told = False
        self.spool = None
        self.proc = None
        self.sock = None
        self.out_fd = None  # where frames go: the shared recorder's socket or this run's recorder's stdin
        self.ack_stream = None
        self.closed = False
        self.reader = None
        self.pipes = None  # the recorder's fds, while this process has them open
        if idle > 0:
            self.sock = connect_shared(journal_dir)
        if self.sock is not None:
            self.out_fd = self.sock.fileno()
            self.ack_stream = self.sock.makefile("rb")
        elif not self._start_recorder(recorder, min_free, idle):
            return
        # Ansible forks its workers from this process. Had they kept the pipe's write end, a kill -9
        # of ansible-playbook would leave the recorder waiting for end of input as long as any
        # orphaned worker lived (a module can run for hours).
        self.pipes = (self.out_fd, self.ack_stream.fileno())
        os.register_at_fork(after_in_child=self._drop_pipes_in_child)
        self.reader = threading.Thread(target=self._read_acks, name="ara-journal-acks", daemon=True)
        self.reader.start()

    def _start_recorder(self, recorder, min_free, idle):
        """Starts a recorder for this run (and later ones, for idle seconds); False after failing over."""
        try:
            log = os.open(os.path.join(self.journal_dir, "recorder.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                self.proc = subprocess.Popen(
                    recorder + ["--journal", self.journal_dir],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    close_fds=True,
                    bufsize=0,
                    env=dict(os.environ, ARA_JOURNAL_MIN_FREE=min_free, ARA_JOURNAL_RECORDER_IDLE="%g" % idle),
                    # Its own session: Ctrl-C or a kill of ansible-playbook must not stop the recorder.
                    start_new_session=True,
                    umask=0o077,
                )
            finally:
                os.close(log)
        except Exception as e:
            self._failover("cannot start the recorder (%s: %s)" % (" ".join(recorder), e))
            return False
        try:
            fcntl.fcntl(self.proc.stdin.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
        except OSError:
            pass  # a smaller pipe only means a rare short block on bursts
        self.out_fd = self.proc.stdin.fileno()
        self.ack_stream = self.proc.stdout
        return True

    def _drop_pipes_in_child(self):
        if self.pipes is None:
            return  # closed in the parent: these numbers may belong to other files by now
        # dup2 over them rather than close: the child's file objects stay valid, nothing is closed twice.
        try:
            null = os.open(os.devnull, os.O_RDWR)
            try:
                for fd in self.pipes:
                    os.dup2(null, fd, inheritable=False)
            finally:
                os.close(null)
        except OSError:
            pass  # the worker keeps the pipe: the recorder then ends when the worker does

    def _read_acks(self):
        stream = self.ack_stream
        try:
            for line in stream:
                if line.startswith(b"full "):
                    with self.lock:
                        self.full = int(line.split()[1])
                        self.acked = max(self.acked, self.full)
                        self.lock.notify_all()
                    continue
                try:
                    count = int(line)
                except ValueError:
                    continue
                with self.lock:
                    self.acked = max(self.acked, count)
                    self.lock.notify_all()
        except Exception:
            pass
        with self.lock:
            self.recorder_gone = True
            self.lock.notify_all()
        self._reap()

    def _reap(self):
        """Reaps a recorder this run started once its acknowledgements end. One that was killed stays
        a zombie until reaped, and its pid then still looks alive to Chronicle Queue: had it died
        inside an append, the next recorder would wait out Chronicle's lock timeout (10 s) before
        appending, long enough for that run's end to give up and spool. Left to init, reaping can
        come late (this process may outlive it by hours, or init may be slow to reap)."""
        if self.proc is not None:
            try:
                self.proc.wait(timeout=REAP_WAIT)
            except Exception:
                pass  # still running: a shared recorder serving later runs; it is not our zombie to take

    def send(self, data):
        # Only the controller calls this: the callback records nothing in a forked worker.
        # The length prefix and the event go out in one writev, not joined into a copy of the event:
        # a new buffer of an event's size is fresh pages to fault in after each fork of a worker.
        header = pack_length(len(data))
        with self.mutex:
            if self.full is not None:
                self._tell_full()
                return
            if self.spool is not None:
                self._write_spool(header, data)
                return
            self.sent += 1
            pending = self.pending
            pending.append((self.sent, data))
            self.pending_bytes += len(data)
            acked = self.acked
            while pending and pending[0][0] <= acked:
                self.pending_bytes -= len(pending.popleft()[1])
            if self.pending_bytes > MAX_PENDING_BYTES:
                self._failover("the recorder has not confirmed %d bytes of events" % self.pending_bytes)
                return
        try:
            fd = self.out_fd
            written = os.writev(fd, (header, data))
            if written < len(header) + len(data):  # a signal cut a blocked write short
                view = memoryview(header + data)[written:]
                while view:
                    view = view[os.write(fd, view):]
        except OSError as e:
            with self.lock:
                self._failover("the recorder stopped (%s)" % e)

    def _tell_full(self):
        # The recorder drops what follows: spooling it would only meet the same full disk.
        self.pending.clear()
        self.pending_bytes = 0
        if not self.full_told:
            self.full_told = True
            self.warn("ara_journal: the disk of %s is full: this run is recorded up to event %d, and from event %d on it"
                      " is not recorded (see %s; the reserve is journal_min_free); free some space and the next"
                      " run records again" % (self.journal_dir, self.full, self.full + 1,
                                              os.path.join(self.journal_dir, "recorder.log")))

    def _failover(self, why):
        # Called with the lock held (or before any thread exists).
        if self.spool is not None:
            return
        path = os.path.join(self.journal_dir, "spool", "%s-%d.spool" % (self.run, os.getpid()))
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        # POSIX record lock, the kind Java's FileChannel.tryLock checks: no ingestion while we write.
        fcntl.lockf(fd, fcntl.LOCK_EX)
        self.spool = fd
        for number, data in self.pending:
            if number > self.acked:
                self._write_spool(pack_length(len(data)), data)
        self.pending.clear()
        self.pending_bytes = 0
        self._end_input()
        self.warn("ara_journal: %s; events go to the spool %s and are ingested by the next recorder or replay" % (why, path))

    def _end_input(self):
        """Tells the recorder this run sends nothing more."""
        self.pipes = None
        try:
            if self.sock is not None:
                self.sock.shutdown(socket.SHUT_WR)
            elif self.proc is not None and self.proc.stdin:
                self.proc.stdin.close()
        except OSError:
            pass

    def _write_spool(self, header, data):
        view = memoryview(header + data)
        while view:
            view = view[os.write(self.spool, view):]

    def close(self, timeout):
        """End of run: wait (bounded) for every acknowledgement, spool whatever is left."""
        if self.closed or os.getpid() != self.pid:
            return
        self.closed = True
        if self.out_fd is not None and self.spool is None:
            self._end_input()
            deadline = time.monotonic() + timeout
            with self.lock:
                while self.acked < self.sent and not self.recorder_gone and self.full is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self.lock.wait(left)
                if self.full is not None:
                    self._tell_full()
                elif self.acked < self.sent:
                    self._failover("the recorder confirmed %d of %d events" % (self.acked, self.sent))
        if self.sock is not None:
            self.sock.close()  # the ack reader's file keeps the connection until it reads the end
        if self.spool is not None:
            try:
                os.fsync(self.spool)
            finally:
                os.close(self.spool)  # releases the lock: the spool may now be ingested
                self.spool = None
