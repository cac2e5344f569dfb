"""The plugin as Ansible loads it, by path: it finds its package in every layout, records nothing in
forked workers, shares the offline records with the ara_record action, and chains signal handlers."""

import importlib.util
import itertools
import json
import os
import shutil
import signal
import sys
import unittest

import support
from ara_journal_lib import signals

_names = itertools.count()


def load(path):
    """Loads a plugin file the way Ansible's plugin loader does, under a name of its own."""
    spec = importlib.util.spec_from_file_location("ara_journal_test_plugin_%d" % next(_names), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keep_lib_modules(test):
    """Puts back the ara_journal_lib modules the other tests imported once this test is done."""
    saved = {key: module for key, module in sys.modules.items() if key.split(".")[0] == "ara_journal_lib"}

    def restore():
        for key in [key for key in sys.modules if key.split(".")[0] == "ara_journal_lib"]:
            del sys.modules[key]
        sys.modules.update(saved)

    test.addCleanup(restore)


def installed_tree(test):
    """A copy of the tree as stage.sh installs it: bin/, callback_plugins/, ara_journal_lib/."""
    root = os.path.join(support.journal_dir(test), "share")
    os.makedirs(os.path.join(root, "bin"))
    for directory in ("callback_plugins", "action_plugins", "ara_journal_lib"):
        shutil.copytree(os.path.join(support.PYTHON_SRC, directory), os.path.join(root, directory),
                        ignore=shutil.ignore_patterns("__pycache__"))
    return root


class HoseStub:
    def __init__(self):
        self.sent = []

    def send(self, data):
        self.sent.append(data)


class LoadingTest(unittest.TestCase):

    def setUp(self):
        keep_lib_modules(self)

    def test_from_the_checkout_it_uses_the_checkouts_package(self):
        plugin = load(support.PLUGIN)
        self.assertEqual(os.path.join(support.PYTHON_SRC, "ara_journal_lib"), os.path.dirname(plugin.filters.__file__))
        self.assertEqual(os.path.realpath(os.path.join(support.PYTHON_SRC, "..", "..", "..", "..")), plugin.install.root())

    def test_from_the_installed_tree_it_uses_the_package_installed_beside_it(self):
        root = installed_tree(self)
        plugin = load(os.path.join(root, "callback_plugins", "ara_journal.py"))
        self.assertEqual(os.path.join(root, "ara_journal_lib", "hose.py"), sys.modules[plugin.Hose.__module__].__file__)
        self.assertEqual(root, plugin.install.root())
        self.assertEqual([os.path.join(root, "bin", "ara-journal"), "record"], plugin.install.default_recorder())

    def test_through_a_symlink_in_a_projects_callback_plugins_it_uses_the_real_tree(self):
        project = os.path.join(support.journal_dir(self), "callback_plugins")
        os.makedirs(project)
        os.symlink(support.PLUGIN, os.path.join(project, "ara_journal.py"))
        plugin = load(os.path.join(project, "ara_journal.py"))
        self.assertEqual(os.path.join(support.PYTHON_SRC, "ara_journal_lib"), os.path.dirname(plugin.filters.__file__))

    def test_two_trees_in_one_process_each_keep_their_own_package(self):
        first = load(support.PLUGIN)
        root = installed_tree(self)
        second = load(os.path.join(root, "callback_plugins", "ara_journal.py"))
        self.assertTrue(first.filters.__file__.startswith(support.PYTHON_SRC + os.sep))
        self.assertTrue(second.filters.__file__.startswith(root + os.sep))

    def test_without_its_package_it_fails_to_load_naming_what_is_missing(self):
        root = installed_tree(self)
        shutil.rmtree(os.path.join(root, "ara_journal_lib"))
        sys.modules.pop("ara_journal_lib", None)
        with self.assertRaises(ImportError) as raised:
            load(os.path.join(root, "callback_plugins", "ara_journal.py"))
        self.assertIn(os.path.join(root, "ara_journal_lib", "__init__.py"), str(raised.exception))


class ForkTest(unittest.TestCase):

    def setUp(self):
        self.plugin = load(support.PLUGIN)
        self.callback = self.plugin.CallbackModule()
        self.callback._recording.hose = HoseStub()

    def in_a_fork(self, check):
        """Runs check() in a forked child, as Ansible forks a worker; its truth is the exit status."""
        child = os.fork()
        if child == 0:
            try:
                os._exit(0 if check() else 1)
            except BaseException:
                os._exit(2)
        return os.waitpid(child, 0)[1] == 0

    def test_a_forked_worker_is_marked_at_fork(self):
        self.assertTrue(self.in_a_fork(lambda: self.callback._recording.disabled is True))
        self.assertFalse(self.callback._recording.disabled)

    def test_a_forked_worker_records_nothing(self):
        self.assertTrue(self.in_a_fork(lambda: self.callback._emit("file", path="/p", content="") is None
                                       and self.callback._recording.hose.sent == []))

    def test_the_controller_records_each_event_as_json_with_its_envelope(self):
        self.callback._emit("file", path="/p/é.yml", content="x")
        self.callback._emit("task_ended", task_uuid="t")
        events = [json.loads(data.decode("utf-8")) for data in self.callback._recording.hose.sent]
        self.assertEqual([{"schema": 1, "type": "file", "run": self.callback._recording.run, "seq": 1, "path": "/p/é.yml",
                           "content": "x"}, {"schema": 1, "type": "task_ended", "run": self.callback._recording.run, "seq": 2,
                                             "task_uuid": "t"}],
                         [{k: v for k, v in e.items() if k != "time"} for e in events])


class SharedRecordsTest(unittest.TestCase):

    def test_the_callback_and_the_ara_record_action_share_one_dict_of_records(self):
        plugin = load(support.PLUGIN)
        action = load(support.ACTION)
        self.assertIs(plugin.records.recorded_keys(), action.recorded_keys())
        self.assertIs(sys.modules["_ara_journal_records"].keys, action.recorded_keys())


class SignalChainTest(unittest.TestCase):

    def setUp(self):
        self.calls = []
        for sig in (signal.SIGUSR1, signal.SIGINT):
            self.addCleanup(signal.signal, sig, signal.getsignal(sig))

    def chain(self, sig, original):
        signal.signal(sig, original)
        signals.chain(sig, lambda signum: self.calls.append(("interrupted", signum)),
                      lambda: self.calls.append(("close",)))

    def test_a_terminating_signal_is_recorded_then_the_hand_off_closed_then_the_old_handler_run(self):
        self.chain(signal.SIGUSR1, lambda signum, frame: self.calls.append(("original", signum)))
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual([("interrupted", signal.SIGUSR1), ("close",), ("original", signal.SIGUSR1)], self.calls)

    def test_sigint_is_recorded_and_left_to_the_old_handler_without_closing(self):
        self.chain(signal.SIGINT, lambda signum, frame: self.calls.append(("original", signum)))
        signal.raise_signal(signal.SIGINT)
        self.assertEqual([("interrupted", signal.SIGINT), ("original", signal.SIGINT)], self.calls)

    def test_an_ignored_signal_stays_ignored(self):
        self.chain(signal.SIGUSR1, signal.SIG_IGN)
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual([("interrupted", signal.SIGUSR1)], self.calls)

    def test_with_the_default_action_the_process_closes_then_dies_of_the_same_signal(self):
        read, write = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(read)
            signal.signal(signal.SIGUSR1, signal.SIG_DFL)
            signals.chain(signal.SIGUSR1, lambda signum: os.write(write, b"interrupted "),
                          lambda: os.write(write, b"close"))
            signal.raise_signal(signal.SIGUSR1)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as told:
            said = told.read()
        status = os.waitpid(child, 0)[1]
        self.assertEqual(b"interrupted close", said)
        self.assertTrue(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGUSR1)


if __name__ == "__main__":
    unittest.main()
