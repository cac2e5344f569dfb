# ara-journal callback plugin: records every Ansible event into a local journal at once, so that
# ARA can be filled later by `ara-journal replay`. Standard library and ansible only.
#
# It hands each event to the Java recorder over a pipe without waiting, keeps what the recorder has
# not acknowledged yet, and spools it to a file in the journal directory if the recorder dies.
# It must never slow Ansible down, raise into it, or change its output or exit code.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = """
name: ara_journal
type: notification
short_description: Records every Ansible event into a durable local journal for replay into ARA
description:
  - Appends each playbook, play, task, result and stats event to a local journal (Chronicle Queue)
    through the ara-journal recorder; `ara-journal replay` sends them to an ARA server later.
  - Accepts the record-time settings of ARA's own callback, under the same names.
options:
  journal_dir:
    description: The journal directory.
    default: ~/.ara/journal
    env:
      - name: ARA_JOURNAL_DIR
    ini:
      - section: ara
        key: journal_dir
  recorder_command:
    description: The command that starts the recorder; it gets "--journal DIR" appended.
    default: null
    env:
      - name: ARA_JOURNAL_RECORDER
    ini:
      - section: ara
        key: journal_recorder
  ack_timeout:
    description: Seconds to wait at the end of the run for the recorder to confirm every event.
    type: float
    default: 30
    env:
      - name: ARA_JOURNAL_ACK_TIMEOUT
    ini:
      - section: ara
        key: journal_ack_timeout
  min_free:
    description: >-
      Free space the recorder keeps on the journal's disk (e.g. 64M, 1G); below it the rest of the run
      is not recorded (a write the disk cannot back would damage the journal), with one warning.
    default: 64M
    env:
      - name: ARA_JOURNAL_MIN_FREE
    ini:
      - section: ara
        key: journal_min_free
  argument_labels:
    description: CLI arguments that, if set, become playbook labels.
    type: list
    default: [remote_user, check, tags, skip_tags, subset]
    env:
      - name: ARA_ARGUMENT_LABELS
    ini:
      - section: ara
        key: argument_labels
  default_labels:
    description: Labels applied to every playbook.
    type: list
    default: []
    env:
      - name: ARA_DEFAULT_LABELS
    ini:
      - section: ara
        key: default_labels
  ignored_facts:
    description: Host facts never written to the journal ("all" for every fact).
    type: list
    default: [ansible_env]
    env:
      - name: ARA_IGNORED_FACTS
    ini:
      - section: ara
        key: ignored_facts
  ignored_arguments:
    description: CLI arguments never written to the journal.
    type: list
    default: [extra_vars]
    env:
      - name: ARA_IGNORED_ARGUMENTS
    ini:
      - section: ara
        key: ignored_arguments
  ignored_files:
    description: Path patterns whose file content is never written to the journal.
    type: list
    default: [.ansible/tmp]
    env:
      - name: ARA_IGNORED_FILES
    ini:
      - section: ara
        key: ignored_files
  localhost_as_hostname:
    description: Record results of localhost under the controller's hostname.
    type: bool
    default: false
    env:
      - name: ARA_LOCALHOST_AS_HOSTNAME
    ini:
      - section: ara
        key: localhost_as_hostname
  localhost_as_hostname_format:
    description: fqdn, fqdn_short, hostname or hostname_short.
    default: fqdn
    env:
      - name: ARA_LOCALHOST_AS_HOSTNAME_FORMAT
    ini:
      - section: ara
        key: localhost_as_hostname_format
    choices: [fqdn, fqdn_short, hostname, hostname_short]
  record_controller:
    description: Record the controller's hostname.
    type: bool
    default: true
    env:
      - name: ARA_RECORD_CONTROLLER
    ini:
      - section: ara
        key: record_controller
  record_controller_name:
    description: Record this name as the controller instead of looking it up.
    default: null
    env:
      - name: ARA_RECORD_CONTROLLER_NAME
    ini:
      - section: ara
        key: record_controller_name
  record_user:
    description: Record the user who ran the playbook.
    type: bool
    default: true
    env:
      - name: ARA_RECORD_USER
    ini:
      - section: ara
        key: record_user
  record_user_name:
    description: Record this name as the user instead of looking it up.
    default: null
    env:
      - name: ARA_RECORD_USER_NAME
    ini:
      - section: ara
        key: record_user_name
  record_task_content:
    description: Record the content of task results.
    type: bool
    default: true
    env:
      - name: ARA_RECORD_TASK_CONTENT
    ini:
      - section: ara
        key: record_task_content
"""

import atexit
import collections
import errno
import fcntl
import functools
import getpass
import json
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import types
import uuid

from ansible import __version__ as ANSIBLE_VERSION
from ansible.plugins.callback import CallbackBase

try:
    from ansible.module_utils.common.json import AnsibleJSONEncoder
except ImportError:  # older ansible-core
    from ansible.parsing.ajson import AnsibleJSONEncoder


SCHEMA = 1
SETUP_ACTIONS = ("setup", "gather_facts", "ansible.builtin.setup", "ansible.builtin.gather_facts")
IGNORED_FACT = "Not saved by ARA as configured by 'ignored_facts'"
IGNORED_ARGUMENT = "Not saved by ARA as configured by 'ignored_arguments'"
IGNORED_FILE = "Not saved by ARA as configured by 'ignored_files'"
UNREADABLE_FILE = "ARA was not able to read this file successfully.\n Refer to the logs for more information"
# Unacknowledged frames kept in memory; past this the recorder is taken as stuck and we spool.
MAX_PENDING_BYTES = 256 * 1024 * 1024
PIPE_SIZE = 1024 * 1024
# Built once: json.dumps(cls=...) builds a new encoder per call, and this runs for every event.
# ASCII-only output, so a lone surrogate (undecodable command output) cannot break a frame.
_ENVELOPE_ENCODER = AnsibleJSONEncoder(separators=(",", ":"))
_CONTENT_ENCODER = AnsibleJSONEncoder(sort_keys=True, separators=(",", ":"))
_encode_string = json.encoder.encode_basestring_ascii


def _recorded_keys():
    """The records this run wrote, key -> (value, type), shared with the ara_record action (see
    action_plugins/ara_record.py): workers forked from the controller see earlier tasks' records."""
    module = sys.modules.get("_ara_journal_records")
    if module is None:
        module = types.ModuleType("_ara_journal_records")
        module.keys = {}
        sys.modules["_ara_journal_records"] = module
    return module.keys


def _json_value(value):
    """The JSON text of one event field, exactly as _ENVELOPE_ENCODER would write it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return _encode_string(value)
    try:
        return _ENVELOPE_ENCODER.encode(value)
    except (TypeError, ValueError):
        return json.dumps(value, separators=(",", ":"), default=str)


class _UtcClock:
    """ISO 8601 UTC times with six digits of microseconds (as datetime.isoformat() writes an aware
    UTC datetime, bar its dropping a zero fraction), without building datetime objects: every event
    reads the clock right after Ansible forks a worker, when each page written costs a copy-on-write
    fault, and the datetime path writes more pages than this one (docs/benchmarks.md). The date and
    hour:minute are formatted once a minute."""

    def __init__(self):
        self._minute = (None, "")  # (minutes since the epoch, "YYYY-MM-DDTHH:MM:"), replaced whole

    def now(self):
        micros = time.time_ns() // 1000
        minute, prefix = self._minute
        if micros // 60000000 != minute:
            minute = micros // 60000000
            prefix = time.strftime("%Y-%m-%dT%H:%M:", time.gmtime(minute * 60))
            self._minute = (minute, prefix)
        micros -= minute * 60000000
        return "%s%02d.%06d+00:00" % (prefix, micros // 1000000, micros % 1000000)


_now = _UtcClock().now


def _content(data):
    """A copy of a result's dicts and lists without Ansible's internal "_ansible_*" keys: what
    ansible.vars.clean's module_response_deepcopy then strip_internal_keys make (ARA's callback
    uses them), in one pass that allocates only the copy. It runs right after worker forks, where
    every page written costs a copy-on-write fault; and it keeps the plugin off ansible internals."""
    if isinstance(data, dict):
        copy = {}
        for key, value in data.items():
            if isinstance(key, str) and key.startswith("_ansible_"):
                continue
            copy[key] = _content(value) if isinstance(value, (dict, list)) else value
        return copy
    return [_content(value) if isinstance(value, (dict, list)) else value for value in data]


def _cli_args():
    try:
        from ansible import context

        return {key: value for key, value in context.CLIARGS.items()}
    except Exception:
        return {}


def _root():
    """The tree holding bin/ara-journal and the version file, wherever this file is loaded from."""
    # Installed: <root>/callback_plugins/ara_journal.py (/usr/share/ara-journal); a source checkout:
    # <root>/recorder/src/main/python/callback_plugins/ara_journal.py. realpath: a symlink to this
    # file in a project's own callback_plugins/ still finds its tree.
    plugins = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    if os.path.isdir(os.path.join(plugins, "bin")):
        return plugins
    return os.path.abspath(os.path.join(plugins, "..", "..", "..", ".."))


def _default_recorder():
    return [os.path.join(_root(), "bin", "ara-journal"), "record"]


def _client_version():
    """ "ara-journal VERSION", the version written by the build beside the jar; ARA 1.6+ shows it."""
    for path in (os.path.join(_root(), "version"), os.path.join(_root(), "replayer", "target", "version")):
        try:
            with open(path, encoding="utf-8") as f:
                return "ara-journal " + f.read().strip()
        except OSError:
            continue
    return "ara-journal"


class Hose:
    """Hands frames to the recorder process and guarantees each one is acknowledged or spooled."""

    def __init__(self, journal_dir, recorder, run, warn, min_free):
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
        self.closed = False
        self.reader = None
        self.pipes = None  # the recorder's pipe fds, while this process has them open
        try:
            log = os.open(os.path.join(journal_dir, "recorder.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                self.proc = subprocess.Popen(
                    recorder + ["--journal", journal_dir],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    close_fds=True,
                    bufsize=0,
                    env=dict(os.environ, ARA_JOURNAL_MIN_FREE=min_free),
                    # Its own session: Ctrl-C or a kill of ansible-playbook must not stop the recorder.
                    start_new_session=True,
                    umask=0o077,
                )
            finally:
                os.close(log)
        except Exception as e:
            self._failover("cannot start the recorder (%s: %s)" % (" ".join(recorder), e))
            return
        try:
            fcntl.fcntl(self.proc.stdin.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
        except OSError:
            pass  # a smaller pipe only means a rare short block on bursts
        # Ansible forks its workers from this process. Had they kept the pipe's write end, a kill -9
        # of ansible-playbook would leave the recorder waiting for end of input as long as any
        # orphaned worker lived (a module can run for hours).
        self.pipes = (self.proc.stdin.fileno(), self.proc.stdout.fileno())
        os.register_at_fork(after_in_child=self._drop_pipes_in_child)
        self.reader = threading.Thread(target=self._read_acks, name="ara-journal-acks", daemon=True)
        self.reader.start()

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
        stream = self.proc.stdout
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

    def send(self, data):
        # Only the controller calls this: CallbackModule records nothing in a forked worker.
        # The length prefix and the event go out in one writev, not joined into a copy of the event:
        # a new buffer of an event's size is fresh pages to fault in after each fork of a worker.
        header = struct.pack(">I", len(data))
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
            fd = self.proc.stdin.fileno()
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
                self._write_spool(struct.pack(">I", len(data)), data)
        self.pending.clear()
        self.pending_bytes = 0
        if self.proc is not None and self.proc.stdin:
            self.pipes = None
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        self.warn("ara_journal: %s; events go to the spool %s and are ingested by the next recorder or replay" % (why, path))

    def _write_spool(self, header, data):
        view = memoryview(header + data)
        while view:
            view = view[os.write(self.spool, view):]

    def close(self, timeout):
        """End of run: wait (bounded) for every acknowledgement, spool whatever is left."""
        if self.closed or os.getpid() != self.pid:
            return
        self.closed = True
        if self.proc is not None and self.spool is None:
            self.pipes = None
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            deadline = _monotonic() + timeout
            with self.lock:
                while self.acked < self.sent and not self.recorder_gone and self.full is None:
                    left = deadline - _monotonic()
                    if left <= 0:
                        break
                    self.lock.wait(left)
                if self.full is not None:
                    self._tell_full()
                elif self.acked < self.sent:
                    self._failover("the recorder confirmed %d of %d events" % (self.acked, self.sent))
        if self.spool is not None:
            try:
                os.fsync(self.spool)
            finally:
                os.close(self.spool)  # releases the lock: the spool may now be ingested
                self.spool = None


def _task_of(result):
    # ansible-core 2.19 made task/host/result public; the _-prefixed names are to be deprecated.
    task = getattr(result, "task", None)
    return task if task is not None else result._task


def _host_of(result):
    host = getattr(result, "host", None)
    return host if host is not None else result._host


def _result_of(result):
    data = getattr(result, "result", None)
    return data if isinstance(data, dict) else result._result


def _monotonic():
    return time.monotonic()


class CallbackModule(CallbackBase):
    """Records each Ansible event into the ara-journal as soon as Ansible reports it."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "ara_journal"
    CALLBACK_NEEDS_ENABLED = False

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._hose = None
        self._disabled = False
        self._warned = False
        self._run = str(uuid.uuid4())
        self._seq = 0
        self._pid = os.getpid()
        # Ansible's workers are forks of this process; hooks must do nothing there. A flag set at
        # fork, not a getpid() per hook (a system call per event adds up after forks), and set by a
        # builtin: a Python function of ours run in each forked child writes pages (frame, reference
        # counts) that each cost it a copy-on-write fault, about 12 per worker in a real run.
        os.register_at_fork(after_in_child=functools.partial(setattr, self, "_disabled", True))
        self._playbook_path = None
        self._play_uuid = None
        self._task_uuid = None
        self._files = set()
        self._host_started = {}
        self._delegations = {}
        self._localhost_name = None

    # ----------------------------------------------------------------- plumbing

    def _warn(self, message):
        if not self._warned:
            self._warned = True
            self._display.warning(message)

    def _template(self, event_type, names):
        """The text of one kind of event with this run's envelope filled in: formatting it with
        (seq, time, the JSON text of each named field in order) gives the event's document."""
        return ('{"schema":%d,"type":"%s","run":"%s",' % (SCHEMA, event_type, self._run)
                + '"seq":%d,"time":"%s"' + "".join(',"%s":%%s' % name for name in names) + "}")

    def _emit(self, event_type, **fields):
        """Records one event of the rarer kinds; returns its time (None when nothing is recorded)."""
        return self._emit_frame(self._template(event_type, fields), *[_json_value(v) for v in fields.values()])

    def _emit_frame(self, template, *values):
        """Records one event from its template (see _template) and the JSON texts of its fields.
        One string formatted, not a dict encoded: this runs right after Ansible forks a worker, when
        every page first written costs a copy-on-write fault, so what counts is how few objects
        it makes (docs/benchmarks.md). Returns the event's time (None when nothing is recorded)."""
        if self._disabled or self._hose is None:
            return None
        self._seq += 1
        now = _now()
        self._hose.send((template % ((self._seq, now) + values)).encode("utf-8"))
        return now

    def _guard(self, hook, *args, **kwargs):
        if self._disabled:
            return
        try:
            hook(*args, **kwargs)
        except Exception as e:  # never raise into Ansible
            self._warn("ara_journal: recording stopped after an internal error in %s: %r" % (hook.__name__, e))
            self._disabled = True

    def set_options(self, task_keys=None, var_options=None, direct=None):
        super(CallbackModule, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        self._opt = {name: self.get_option(name) for name in (
            "journal_dir", "recorder_command", "ack_timeout", "min_free", "argument_labels", "default_labels",
            "ignored_facts", "ignored_arguments", "ignored_files", "localhost_as_hostname",
            "localhost_as_hostname_format", "record_controller", "record_controller_name",
            "record_user", "record_user_name", "record_task_content")}
        ignored = list(self._opt["ignored_files"] or [])
        if ".ansible/tmp" in ignored:
            # The default means Ansible's local temp dir, wherever the configuration put it.
            try:
                from ansible import constants as C

                ignored[ignored.index(".ansible/tmp")] = os.path.dirname(C.DEFAULT_LOCAL_TMP)
            except Exception:
                pass
        self._opt["ignored_files"] = ignored

    def _start(self):
        journal_dir = os.path.abspath(os.path.expanduser(str(self._opt["journal_dir"])))
        try:
            for path in (journal_dir, os.path.join(journal_dir, "spool")):
                if not os.path.isdir(path):
                    os.makedirs(path, mode=0o700, exist_ok=True)
                    os.chmod(path, 0o700)
            if not os.access(journal_dir, os.W_OK | os.X_OK):
                raise OSError(errno.EACCES, "not writable", journal_dir)
        except OSError as e:
            self._warn("ara_journal: cannot record this run into %s (%s); the playbook runs unrecorded"
                       % (journal_dir, e))
            self._disabled = True
            return
        command = self._opt["recorder_command"]
        recorder = shlex.split(command) if command else _default_recorder()
        self._hose = Hose(journal_dir, recorder, self._run, self._warn, self._min_free())
        # The two events of every host in every task, formatted from ready templates.
        self._host_started_frame = self._template("host_started", ("host", "task_uuid"))
        self._result_frame = self._template("result", (
            "host", "task_uuid", "status", "delegated_to", "changed", "ignore_errors", "started", "content"))
        atexit.register(self._close)
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._chain_signal(sig)

    def _min_free(self):
        value = str(self._opt["min_free"]).strip()
        if not re.match(r"^[0-9]+[KkMmGg]?$", value):
            self._warn("ara_journal: journal_min_free (ARA_JOURNAL_MIN_FREE) must be a size such as 64M, 1G or"
                       " 1048576, was %r; keeping 64M free" % value)
            return "64M"
        return value

    def _close(self):
        if self._hose is not None:
            try:
                self._hose.close(float(self._opt["ack_timeout"]))
            except Exception as e:
                self._warn("ara_journal: could not finish recording: %r" % (e,))

    def _chain_signal(self, sig):
        original = signal.getsignal(sig)

        def handler(signum, frame):
            if os.getpid() == self._pid and not self._disabled:
                try:
                    # No task_ended / play_ended: the task did not finish, and ara_default (1.7)
                    # leaves the current task and play "running" when it marks the playbook expired.
                    self._emit("interrupted", signal=signal.Signals(signum).name)
                except Exception:
                    pass
            if callable(original):
                if signum != signal.SIGINT:
                    # ansible-core >= 2.19 installs its own SIGTERM handler (TaskQueueManager) that
                    # re-sends the signal with SIG_DFL: the process dies before atexit runs, so
                    # confirm or spool what the recorder has not acknowledged now.
                    self._close()
                return original(signum, frame)
            if original == signal.SIG_IGN:
                return None
            # Default action: die of the same signal, as if we had never been here.
            self._close()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return None

        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):
            pass  # not the main thread: Ansible's own handling stays

    # ----------------------------------------------------------------- helpers

    def _localhost(self):
        if not self._opt["record_controller"]:
            return None
        if self._opt["record_controller_name"]:
            return self._opt["record_controller_name"]
        fmt = self._opt["localhost_as_hostname_format"] or "fqdn"
        try:
            name = socket.getfqdn() if fmt.startswith("fqdn") else socket.gethostname()
        except Exception:
            return None
        return name.split(".")[0] if fmt.endswith("_short") else name

    def _host(self, name):
        if self._opt["localhost_as_hostname"] and name in ("localhost", "127.0.0.1"):
            return self._localhost_name or name
        return name

    def _file(self, path, content=None):
        if path in self._files:
            return
        self._files.add(path)
        for pattern in self._opt["ignored_files"]:
            if pattern and pattern in path:
                content = IGNORED_FILE
        if content is None:
            try:
                with open(path, "r") as fd:
                    content = fd.read()
            except (IOError, OSError, UnicodeDecodeError):
                content = UNREADABLE_FILE
        self._emit("file", path=path, content=content)

    def _end_task(self):
        if self._task_uuid is not None:
            self._emit("task_ended", task_uuid=self._task_uuid)
            self._task_uuid = None

    def _end_play(self):
        if self._play_uuid is not None:
            self._emit("play_ended", play_uuid=self._play_uuid)
            self._play_uuid = None

    # ----------------------------------------------------------------- hooks

    def v2_playbook_on_start(self, playbook):
        self._guard(self._playbook_start, playbook)

    def _playbook_start(self, playbook):
        _recorded_keys().clear()
        self._start()
        if self._disabled:
            return
        self._localhost_name = self._localhost()
        cli = _cli_args()
        content = None
        if playbook._file_name == "__adhoc_playbook__":
            content = cli.get("module_name")
            if cli.get("module_args"):
                content = "%s: %s" % (content, cli["module_args"])
            path = "Ad-Hoc: %s" % content
        else:
            path = os.path.abspath(playbook._file_name)
        self._playbook_path = path
        for argument in self._opt["ignored_arguments"] or []:
            if argument in cli:
                cli[argument] = IGNORED_ARGUMENT
        labels = []
        for name in self._opt["argument_labels"] or []:
            value = cli.get(name)
            if isinstance(value, (list, tuple)):
                if value:
                    labels.append("%s:%s" % (name, ",".join(str(v) for v in value)))
            elif isinstance(value, bool):
                labels.append("%s:%s" % (name, value))
            elif value:
                labels.append("%s:%s" % (name, value))
        self._argument_labels = labels
        user = None
        if self._opt["record_user"]:
            user = self._opt["record_user_name"]
            if not user:
                try:
                    user = getpass.getuser()
                except Exception:
                    user = None
        self._emit(
            "playbook_started",
            path=path,
            adhoc=content is not None,
            ansible_version=ANSIBLE_VERSION,
            python_version="%d.%d.%d" % sys.version_info[:3],
            client_version=_client_version(),
            arguments=cli,
            controller=self._localhost_name,
            user=user,
        )
        self._file(path, content)

    def v2_playbook_on_play_start(self, play):
        self._guard(self._play_start, play)

    def _play_start(self, play):
        self._end_task()
        self._end_play()
        play_vars = {}
        try:
            play_vars = play._variable_manager.get_vars(play=play).get("vars", {})
        except Exception:
            pass
        labels = list(self._opt["default_labels"] or []) + list(getattr(self, "_argument_labels", []))
        extra = play_vars.get("ara_playbook_labels")
        if isinstance(extra, (list, tuple)):
            labels.extend(str(label) for label in extra)
        elif isinstance(extra, str):
            labels.extend(extra.split(","))
        name = play_vars.get("ara_playbook_name")
        try:
            cached = list(play._loader._FILE_CACHE.keys())
        except Exception:
            cached = []
        for path in cached:
            if not any(pattern and pattern in path for pattern in self._opt["ignored_files"]):
                self._file(path)
        self._play_uuid = str(play._uuid)[:36]
        self._emit(
            "play_started",
            name=play.name,
            uuid=self._play_uuid,
            playbook_name=str(name) if name is not None else None,
            labels=labels,
        )

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._guard(self._task_start, task, False)

    def v2_playbook_on_handler_task_start(self, task):
        self._guard(self._task_start, task, True)

    def _task_start(self, task, handler):
        self._end_task()
        pathspec = task.get_path()
        if pathspec:
            path, lineno = pathspec.split(":", 1)
            lineno = int(lineno)
        else:
            path, lineno = self._playbook_path, 1
        self._file(path)
        self._task_uuid = str(task._uuid)[:36]
        self._emit(
            "task_started",
            name=task.get_name(),
            uuid=self._task_uuid,
            play_uuid=self._play_uuid,
            action=task.action,
            path=path,
            lineno=lineno,
            tags=list(task.tags or []),
            handler=handler,
        )

    def v2_runner_on_start(self, host, task):
        self._guard(self._host_start, host, task)

    def _host_start(self, host, task):
        name = host.get_name()
        self._host_started[name] = self._emit_frame(
            self._host_started_frame, _encode_string(self._host(name)), _encode_string(str(task._uuid)[:36]))

    def v2_runner_on_ok(self, result, **kwargs):
        self._guard(self._result, result, "ok", kwargs)

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        kwargs["ignore_errors"] = ignore_errors
        self._guard(self._result, result, "failed", kwargs)

    def v2_runner_on_skipped(self, result, **kwargs):
        self._guard(self._result, result, "skipped", kwargs)

    def v2_runner_on_unreachable(self, result, **kwargs):
        self._guard(self._result, result, "unreachable", kwargs)

    def v2_runner_item_on_ok(self, result):
        self._guard(self._delegation, result)

    def v2_runner_item_on_failed(self, result):
        self._guard(self._delegation, result)

    def _delegation(self, result):
        # In loops, delegate_to may still be the unrendered variable in v2_runner_on_*; the items
        # carry the real host names (https://github.com/ansible/ansible/issues/75339).
        task = _task_of(result)
        delegate = task.delegate_to
        if delegate:
            self._delegations.setdefault(str(task._uuid)[:36], []).append(delegate)

    def _result(self, result, status, kwargs):
        hostname = _host_of(result).get_name()
        task = _task_of(result)
        data = _result_of(result)
        task_uuid = str(task._uuid)[:36]
        if status in ("ok", "failed") and task.action.rsplit(".", 1)[-1] == "ara_record":
            self._records(data, hostname, task_uuid)
        delegated = []
        if task.delegate_to and status != "skipped":
            delegated = self._delegations.get(task_uuid) or [task.delegate_to]
        if self._opt["record_task_content"]:
            content = _content(data)
        else:
            content = {}
        facts = content.get("ansible_facts") if isinstance(content, dict) else None
        if isinstance(facts, dict):
            ignored = self._opt["ignored_facts"] or []
            if "all" in ignored:
                content["ansible_facts"] = {"all": IGNORED_FACT}
            else:
                for fact in ignored:
                    if fact in facts:
                        facts[fact] = IGNORED_FACT
        # Encoded once, straight into the event: sorted keys and Ansible's types as ARA's callback
        # does with its dumps/loads round trip, without paying for a second encoding.
        try:
            body = _CONTENT_ENCODER.encode(content)
        except TypeError:  # keys of mixed types do not sort
            body = json.dumps(content, cls=AnsibleJSONEncoder, separators=(",", ":"))
        ignore_errors = bool(kwargs.get("ignore_errors") or False)
        started = self._host_started.get(hostname)
        self._emit_frame(
            self._result_frame,
            _encode_string(self._host(hostname)),
            _encode_string(task_uuid),
            _encode_string(status),
            "[%s]" % ",".join(_json_value(self._host(h)) for h in delegated) if delegated else "[]",
            "true" if data.get("changed", False) else "false",
            "true" if ignore_errors else "false",
            "null" if started is None else _encode_string(started),
            body,
        )
        if status in ("failed", "unreachable") and not ignore_errors:
            self._emit("task_failed", task_uuid=task_uuid, host=self._host(hostname))

    def _records(self, data, hostname, task_uuid):
        """The records our offline ara_record action wrote (ARA's own, live, has an int playbook_id),
        ahead of the task's result: the replay fills the result in with what ARA answered."""
        items = data.get("results") if isinstance(data.get("results"), list) else [data]
        known = _recorded_keys()
        for item in items:
            if (isinstance(item, dict) and not item.get("failed") and "key" in item and "type" in item
                    and "playbook_id" in item and item["playbook_id"] is None):
                self._emit("record", task_uuid=task_uuid, host=self._host(hostname), key=item["key"],
                           value=_content(item["value"]) if isinstance(item.get("value"), (dict, list))
                           else item.get("value"), record_type=item["type"])
                known[item["key"]] = (item.get("value"), item["type"])

    def v2_playbook_on_stats(self, stats):
        self._guard(self._stats, stats)

    def _stats(self, stats):
        self._end_task()
        self._end_play()
        for hostname in sorted(stats.processed.keys()):
            summary = stats.summarize(hostname)
            self._emit(
                "host_stats",
                host=self._host(hostname),
                ok=summary.get("ok", 0),
                changed=summary.get("changed", 0),
                failed=summary.get("failures", 0),
                skipped=summary.get("skipped", 0),
                unreachable=summary.get("unreachable", 0),
                rescued=summary.get("rescued", 0),
                ignored=summary.get("ignored", 0),
            )
        status = "failed" if (stats.failures or stats.dark) else "completed"
        self._emit("playbook_ended", status=status)
        self._close()
