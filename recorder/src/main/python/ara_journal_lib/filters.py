"""ARA's record-time settings, applied as ARA's own callback applies them and before anything
leaves the process: ignored facts, arguments and files, labels, the controller and user names."""

import getpass
import os
import socket

IGNORED_FACT = "Not saved by ARA as configured by 'ignored_facts'"
IGNORED_ARGUMENT = "Not saved by ARA as configured by 'ignored_arguments'"
IGNORED_FILE = "Not saved by ARA as configured by 'ignored_files'"
UNREADABLE_FILE = "ARA was not able to read this file successfully.\n Refer to the logs for more information"


def ignored_file_patterns(patterns):
    """The ignored_files setting as matched: its default ".ansible/tmp" means Ansible's local temp
    dir, wherever the configuration put it."""
    patterns = list(patterns or [])
    if ".ansible/tmp" in patterns:
        try:
            from ansible import constants as C

            patterns[patterns.index(".ansible/tmp")] = os.path.dirname(C.DEFAULT_LOCAL_TMP)
        except Exception:
            pass
    return patterns


def is_ignored_file(path, patterns):
    return any(pattern and pattern in path for pattern in patterns)


def file_content(path, patterns, content=None):
    """What is recorded as a file's content: the placeholder for an ignored file, else the content
    given, else the file read (or the placeholder for an unreadable one)."""
    if is_ignored_file(path, patterns):
        return IGNORED_FILE
    if content is None:
        try:
            with open(path, "r") as fd:
                return fd.read()
        except (IOError, OSError, UnicodeDecodeError):
            return UNREADABLE_FILE
    return content


def censor_arguments(cli, ignored):
    """Replaces, in place, the value of every ignored CLI argument that is set."""
    for argument in ignored or []:
        if argument in cli:
            cli[argument] = IGNORED_ARGUMENT
    return cli


def argument_labels(cli, names):
    """ "name:value" for each of these CLI arguments that is set (lists joined by commas)."""
    labels = []
    for name in names or []:
        value = cli.get(name)
        if isinstance(value, (list, tuple)):
            if value:
                labels.append("%s:%s" % (name, ",".join(str(v) for v in value)))
        elif isinstance(value, bool):
            labels.append("%s:%s" % (name, value))
        elif value:
            labels.append("%s:%s" % (name, value))
    return labels


def play_labels(default_labels, arguments_labels, play_vars):
    """A play's labels: the defaults, the argument labels, then the play's ara_playbook_labels (a
    list or a comma-separated string)."""
    labels = list(default_labels or []) + list(arguments_labels)
    extra = play_vars.get("ara_playbook_labels")
    if isinstance(extra, (list, tuple)):
        labels.extend(str(label) for label in extra)
    elif isinstance(extra, str):
        labels.extend(extra.split(","))
    return labels


def censor_facts(content, ignored):
    """Replaces, in place, the ignored facts of a result's content ("all": every fact)."""
    facts = content.get("ansible_facts") if isinstance(content, dict) else None
    if isinstance(facts, dict):
        ignored = ignored or []
        if "all" in ignored:
            content["ansible_facts"] = {"all": IGNORED_FACT}
        else:
            for fact in ignored:
                if fact in facts:
                    facts[fact] = IGNORED_FACT
    return content


def controller_name(record_controller, name, name_format):
    """The controller's recorded name (None when not recorded); also what localhost_as_hostname
    records localhost as. name_format: fqdn, fqdn_short, hostname or hostname_short."""
    if not record_controller:
        return None
    if name:
        return name
    name_format = name_format or "fqdn"
    try:
        name = socket.getfqdn() if name_format.startswith("fqdn") else socket.gethostname()
    except Exception:
        return None
    return name.split(".")[0] if name_format.endswith("_short") else name


def user_name(record_user, name):
    """The recorded user who ran the playbook (None when not recorded or not known)."""
    if not record_user:
        return None
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:
        return None
