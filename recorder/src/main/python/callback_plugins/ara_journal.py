# ara-journal callback plugin: records every Ansible event into a local journal at once, so that
# ARA can be filled later by `ara-journal replay`. Standard library and ansible only.
#
# It hands each event to the Java recorder over a pipe without waiting, keeps what the recorder has
# not acknowledged yet, and spools it to a file in the journal directory if the recorder dies.
# It must never slow Ansible down, raise into it, or change its output or exit code.
# This file maps Ansible's hooks to events; the frame format, the hand-off and ARA's record-time
# settings are in the ara_journal_lib package beside callback_plugins/ (see _load_lib).

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
    env: [{name: ARA_JOURNAL_DIR}]
    ini: [{section: ara, key: journal_dir}]
  recorder_command:
    description: The command that starts the recorder; it gets "--journal DIR" appended.
    default: null
    env: [{name: ARA_JOURNAL_RECORDER}]
    ini: [{section: ara, key: journal_recorder}]
  ack_timeout:
    description: Seconds to wait at the end of the run for the recorder to confirm every event.
    type: float
    default: 30
    env: [{name: ARA_JOURNAL_ACK_TIMEOUT}]
    ini: [{section: ara, key: journal_ack_timeout}]
  min_free:
    description: >-
      Free space the recorder keeps on the journal's disk (e.g. 64M, 1G); below it the rest of the run
      is not recorded (a write the disk cannot back would damage the journal), with one warning.
    default: 64M
    env: [{name: ARA_JOURNAL_MIN_FREE}]
    ini: [{section: ara, key: journal_min_free}]
  recorder_idle:
    description: >-
      Seconds a recorder keeps serving later runs of the journal once none is recording, so that
      they start no recorder JVM of their own; 0 starts a recorder for each run.
    type: float
    default: 300
    env: [{name: ARA_JOURNAL_RECORDER_IDLE}]
    ini: [{section: ara, key: journal_recorder_idle}]
  argument_labels:
    description: CLI arguments that, if set, become playbook labels.
    type: list
    default: [remote_user, check, tags, skip_tags, subset]
    env: [{name: ARA_ARGUMENT_LABELS}]
    ini: [{section: ara, key: argument_labels}]
  default_labels:
    description: Labels applied to every playbook.
    type: list
    default: []
    env: [{name: ARA_DEFAULT_LABELS}]
    ini: [{section: ara, key: default_labels}]
  ignored_facts:
    description: Host facts never written to the journal ("all" for every fact).
    type: list
    default: [ansible_env]
    env: [{name: ARA_IGNORED_FACTS}]
    ini: [{section: ara, key: ignored_facts}]
  ignored_arguments:
    description: CLI arguments never written to the journal.
    type: list
    default: [extra_vars]
    env: [{name: ARA_IGNORED_ARGUMENTS}]
    ini: [{section: ara, key: ignored_arguments}]
  ignored_files:
    description: Path patterns whose file content is never written to the journal.
    type: list
    default: [.ansible/tmp]
    env: [{name: ARA_IGNORED_FILES}]
    ini: [{section: ara, key: ignored_files}]
  localhost_as_hostname:
    description: Record results of localhost under the controller's hostname.
    type: bool
    default: false
    env: [{name: ARA_LOCALHOST_AS_HOSTNAME}]
    ini: [{section: ara, key: localhost_as_hostname}]
  localhost_as_hostname_format:
    description: fqdn, fqdn_short, hostname or hostname_short.
    default: fqdn
    env: [{name: ARA_LOCALHOST_AS_HOSTNAME_FORMAT}]
    ini: [{section: ara, key: localhost_as_hostname_format}]
    choices: [fqdn, fqdn_short, hostname, hostname_short]
  record_controller:
    description: Record the controller's hostname.
    type: bool
    default: true
    env: [{name: ARA_RECORD_CONTROLLER}]
    ini: [{section: ara, key: record_controller}]
  record_controller_name:
    description: Record this name as the controller instead of looking it up.
    default: null
    env: [{name: ARA_RECORD_CONTROLLER_NAME}]
    ini: [{section: ara, key: record_controller_name}]
  record_user:
    description: Record the user who ran the playbook.
    type: bool
    default: true
    env: [{name: ARA_RECORD_USER}]
    ini: [{section: ara, key: record_user}]
  record_user_name:
    description: Record this name as the user instead of looking it up.
    default: null
    env: [{name: ARA_RECORD_USER_NAME}]
    ini: [{section: ara, key: record_user_name}]
  record_task_content:
    description: Record the content of task results.
    type: bool
    default: true
    env: [{name: ARA_RECORD_TASK_CONTENT}]
    ini: [{section: ara, key: record_task_content}]
"""


import importlib.util
import os
import sys

from ansible import __version__ as ANSIBLE_VERSION
from ansible.plugins.callback import CallbackBase


def _load_lib():
    """The ara_journal_lib package beside this plugin's directory. Ansible loads a callback plugin by
    path, not as part of a package, so the package is loaded by path too: from this file's real
    path (a symlink to the plugin still finds it), in the checkout and in the installed tree alike,
    without adding a directory to sys.path for everything else in the process to import from."""
    name = "ara_journal_lib"
    here = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), name)
    lib = sys.modules.get(name)
    if lib is not None and list(getattr(lib, "__path__", ())) == [here]:
        return lib
    # Another tree's copy (two versions of the plugin in one process, as bench/profile compares):
    # modules already loaded keep theirs; this plugin gets its own.
    for loaded in [key for key in sys.modules if key == name or key.startswith(name + ".")]:
        del sys.modules[loaded]
    init = os.path.join(here, "__init__.py")
    if not os.path.isfile(init):
        raise ImportError("ara_journal: %s is missing: the plugin needs the %s directory installed beside"
                          " its callback_plugins/ directory" % (init, name), name=name, path=init)
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[here])
    lib = importlib.util.module_from_spec(spec)
    sys.modules[name] = lib
    spec.loader.exec_module(lib)
    return lib


_load_lib()
from ara_journal_lib import OPTIONS, filters, install, records  # noqa: E402 (loaded by path just above)
from ara_journal_lib.ansible_objects import Delegations, cli_args, host_of, host_stats, loaded_files, play_vars, \
    playbook_path, result_of, task_location, task_of  # noqa: E402
from ara_journal_lib.frames import content_json, encode_string as _encode_string, json_value as _json_value, \
    content as _content  # noqa: E402
from ara_journal_lib.hose import Hose  # noqa: E402,F401 (bench/profile)
from ara_journal_lib.recording import Recording  # noqa: E402


class CallbackModule(CallbackBase):
    """Records each Ansible event into the ara-journal as soon as Ansible reports it."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "ara_journal"
    CALLBACK_NEEDS_ENABLED = False

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._recording = Recording(lambda message: self._display.warning(message))
        # Bound once: the hooks call them per event without a call of ours in between.
        self._emit = self._recording.emit
        self._emit_frame = self._recording.frame
        self._playbook_path = None
        self._play_uuid = None
        self._task_uuid = None
        self._files = set()
        self._host_started = {}
        self._delegations = Delegations()
        self._localhost_name = None
        self._argument_labels = []

    def _guard(self, hook, *args, **kwargs):
        if self._recording.disabled:
            return
        try:
            hook(*args, **kwargs)
        except Exception as e:  # never raise into Ansible
            self._recording.warn("ara_journal: recording stopped after an internal error in %s: %r"
                                 % (hook.__name__, e))
            self._recording.disabled = True

    def set_options(self, task_keys=None, var_options=None, direct=None):
        super(CallbackModule, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        self._opt = {name: self.get_option(name) for name in OPTIONS}
        self._opt["ignored_files"] = filters.ignored_file_patterns(self._opt["ignored_files"])

    # ----------------------------------------------------------------- helpers

    def _host(self, name):
        if self._opt["localhost_as_hostname"] and name in ("localhost", "127.0.0.1"):
            return self._localhost_name or name
        return name

    def _file(self, path, content=None):
        if path in self._files:
            return
        self._files.add(path)
        self._emit("file", path=path, content=filters.file_content(path, self._opt["ignored_files"], content))

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
        records.recorded_keys().clear()
        if not self._recording.start(self._opt):
            return
        # The two events of every host in every task, formatted from ready templates.
        self._host_started_frame = self._recording.template("host_started", ("host", "task_uuid"))
        self._result_frame = self._recording.template("result", (
            "host", "task_uuid", "status", "delegated_to", "changed", "ignore_errors", "started", "content"))
        opt = self._opt
        self._localhost_name = filters.controller_name(
            opt["record_controller"], opt["record_controller_name"], opt["localhost_as_hostname_format"])
        cli = cli_args()
        path, content = playbook_path(playbook, cli)
        self._playbook_path = path
        filters.censor_arguments(cli, opt["ignored_arguments"])
        self._argument_labels = filters.argument_labels(cli, opt["argument_labels"])
        self._emit("playbook_started", path=path, adhoc=content is not None, ansible_version=ANSIBLE_VERSION,
                   python_version="%d.%d.%d" % sys.version_info[:3], client_version=install.client_version(),
                   arguments=cli, controller=self._localhost_name,
                   user=filters.user_name(opt["record_user"], opt["record_user_name"]))
        self._file(path, content)

    def v2_playbook_on_play_start(self, play):
        self._guard(self._play_start, play)

    def _play_start(self, play):
        self._end_task()
        self._end_play()
        variables = play_vars(play)
        labels = filters.play_labels(self._opt["default_labels"], self._argument_labels, variables)
        name = variables.get("ara_playbook_name")
        for path in loaded_files(play):
            if not filters.is_ignored_file(path, self._opt["ignored_files"]):
                self._file(path)
        self._play_uuid = str(play._uuid)[:36]
        self._emit("play_started", name=play.name, uuid=self._play_uuid,
                   playbook_name=str(name) if name is not None else None, labels=labels)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._guard(self._task_start, task, False)

    def v2_playbook_on_handler_task_start(self, task):
        self._guard(self._task_start, task, True)

    def _task_start(self, task, handler):
        self._end_task()
        path, lineno = task_location(task, self._playbook_path)
        self._file(path)
        self._task_uuid = str(task._uuid)[:36]
        self._emit("task_started", name=task.get_name(), uuid=self._task_uuid, play_uuid=self._play_uuid,
                   action=task.action, path=path, lineno=lineno, tags=list(task.tags or []), handler=handler)

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
        self._delegations.item_done(task_of(result))

    def _result(self, result, status, kwargs):
        hostname = host_of(result).get_name()
        task = task_of(result)
        data = result_of(result)
        task_uuid = str(task._uuid)[:36]
        if status in ("ok", "failed") and task.action.rsplit(".", 1)[-1] == "ara_record":
            self._records(data, hostname, task_uuid)
        delegated = self._delegations.of(task, task_uuid) if status != "skipped" else []
        content = _content(data) if self._opt["record_task_content"] else {}
        filters.censor_facts(content, self._opt["ignored_facts"])
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
            content_json(content),
        )
        if status in ("failed", "unreachable") and not ignore_errors:
            self._emit("task_failed", task_uuid=task_uuid, host=self._host(hostname))

    def _records(self, data, hostname, task_uuid):
        """Our offline ara_record action's records, ahead of the task's result: the replay fills
        the result in with what ARA answered."""
        for key, value, record_type in records.take_offline_records(data, _content):
            self._emit("record", task_uuid=task_uuid, host=self._host(hostname), key=key, value=value,
                       record_type=record_type)

    def v2_playbook_on_stats(self, stats):
        self._guard(self._stats, stats)

    def _stats(self, stats):
        self._end_task()
        self._end_play()
        for hostname, counts in host_stats(stats):
            self._emit("host_stats", host=self._host(hostname), **counts)
        self._emit("playbook_ended", status="failed" if (stats.failures or stats.dark) else "completed")
        self._recording.close()
