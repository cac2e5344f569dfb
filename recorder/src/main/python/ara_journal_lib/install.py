"""Where the ara-journal tree is, wherever the plugin is loaded from, and what it holds."""

import os


def root():
    """The tree holding bin/ara-journal and the version file."""
    # Installed: <root>/ara_journal_lib/install.py (/usr/share/ara-journal); a source checkout:
    # <root>/recorder/src/main/python/ara_journal_lib/install.py. realpath: the plugin loads this
    # package from its own real path, so a symlink to it still finds its tree.
    python = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    if os.path.isdir(os.path.join(python, "bin")):
        return python
    return os.path.abspath(os.path.join(python, "..", "..", "..", ".."))


def default_recorder():
    return [os.path.join(root(), "bin", "ara-journal"), "record"]


def client_version():
    """ "ara-journal VERSION", the version written by the build beside the jar; ARA 1.6+ shows it."""
    for path in (os.path.join(root(), "version"), os.path.join(root(), "replayer", "target", "version")):
        try:
            with open(path, encoding="utf-8") as f:
                return "ara-journal " + f.read().strip()
        except OSError:
            continue
    return "ara-journal"
