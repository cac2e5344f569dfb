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
