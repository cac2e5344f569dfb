"""What the callback reads from Ansible's objects, across the ansible-core versions it supports."""

import os


def cli_args():
    """A copy of the command line's arguments ({} when Ansible has none to give)."""
    try:
        from ansible import context

        return {key: value for key, value in context.CLIARGS.items()}
    except Exception:
        return {}


def task_of(result):
    # ansible-core 2.19 made task/host/result public; the _-prefixed names are to be deprecated.
    task = getattr(result, "task", None)
    return task if task is not None else result._task


def host_of(result):
    host = getattr(result, "host", None)
    return host if host is not None else result._host


def result_of(result):
    data = getattr(result, "result", None)
    return data if isinstance(data, dict) else result._result


def playbook_path(playbook, cli):
    """(path, content) as ARA records a playbook: its absolute path and None (its content is read
    from the file), or for an ad-hoc command "Ad-Hoc: MODULE: ARGS" and "MODULE: ARGS"."""
    if playbook._file_name != "__adhoc_playbook__":
        return os.path.abspath(playbook._file_name), None
    content = cli.get("module_name")
    if cli.get("module_args"):
        content = "%s: %s" % (content, cli["module_args"])
    return "Ad-Hoc: %s" % content, content


def play_vars(play):
    """The play's own vars ({} when Ansible cannot give them)."""
    try:
        return play._variable_manager.get_vars(play=play).get("vars", {})
    except Exception:
        return {}


def loaded_files(play):
    """The files Ansible's loader has read so far."""
    try:
        return list(play._loader._FILE_CACHE.keys())
    except Exception:
        return []


def task_location(task, playbook_path):
    """(path, line) of the task's definition; the playbook's path and 1 when Ansible has none."""
    pathspec = task.get_path()
    if not pathspec:
        return playbook_path, 1
    path, lineno = pathspec.split(":", 1)
    return path, int(lineno)


def host_stats(stats):
    """(host name, its counts as events carry them) for each host of the run's stats, by name."""
    for hostname in sorted(stats.processed.keys()):
        summary = stats.summarize(hostname)
        yield hostname, {"ok": summary.get("ok", 0), "changed": summary.get("changed", 0),
                         "failed": summary.get("failures", 0), "skipped": summary.get("skipped", 0),
                         "unreachable": summary.get("unreachable", 0), "rescued": summary.get("rescued", 0),
                         "ignored": summary.get("ignored", 0)}


class Delegations:
    """The hosts each task delegated to, as its loop items name them: in loops, delegate_to may
    still be the unrendered variable in v2_runner_on_*, where the items carry the real host names
    (https://github.com/ansible/ansible/issues/75339)."""

    def __init__(self):
        self._by_task = {}

    def item_done(self, task):
        if task.delegate_to:
            self._by_task.setdefault(str(task._uuid)[:36], []).append(task.delegate_to)

    def of(self, task, task_uuid):
        """The hosts a result of the task was delegated to ([] when it was not)."""
        if not task.delegate_to:
            return []
        return self._by_task.get(task_uuid) or [task.delegate_to]
