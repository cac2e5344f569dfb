"""ARA's record-time settings, applied before anything leaves the process."""

import os
import unittest
from unittest import mock

import support
from ara_journal_lib import ansible_objects, filters, records


class IgnoredFilesTest(unittest.TestCase):

    def test_the_default_pattern_means_ansibles_local_temp_dir(self):
        from ansible import constants as C

        self.assertEqual([os.path.dirname(C.DEFAULT_LOCAL_TMP), "secrets/"],
                         filters.ignored_file_patterns([".ansible/tmp", "secrets/"]))

    def test_no_setting_ignores_no_file(self):
        self.assertEqual([], filters.ignored_file_patterns(None))
        self.assertFalse(filters.is_ignored_file("/plays/site.yml", ["", None]))

    def test_a_path_containing_a_pattern_is_ignored(self):
        self.assertTrue(filters.is_ignored_file("/plays/secrets/vault.yml", ["secrets/"]))
        self.assertFalse(filters.is_ignored_file("/plays/site.yml", ["secrets/"]))

    def test_an_ignored_files_content_is_the_placeholder_even_when_given(self):
        self.assertEqual(filters.IGNORED_FILE, filters.file_content("/p/secrets/a", ["secrets/"], "given"))

    def test_a_files_content_is_the_given_one_or_else_read(self):
        path = os.path.join(support.journal_dir(self), "play.yml")
        with open(path, "w") as f:
            f.write("- hosts: all\n")
        self.assertEqual("given", filters.file_content(path, [], "given"))
        self.assertEqual("- hosts: all\n", filters.file_content(path, []))

    def test_an_unreadable_file_is_recorded_as_ara_words_it(self):
        self.assertEqual(filters.UNREADABLE_FILE, filters.file_content("/nonexistent/play.yml", []))


class ArgumentsTest(unittest.TestCase):

    def test_ignored_arguments_that_are_set_are_replaced_and_others_kept(self):
        cli = {"extra_vars": ["password=x"], "forks": 5}
        filters.censor_arguments(cli, ["extra_vars", "vault_ids"])
        self.assertEqual({"extra_vars": filters.IGNORED_ARGUMENT, "forks": 5}, cli)

    def test_argument_labels_name_each_set_argument_with_its_value(self):
        cli = {"remote_user": "deploy", "check": False, "tags": ("a", "b"), "skip_tags": (), "subset": None}
        self.assertEqual(["remote_user:deploy", "check:False", "tags:a,b"],
                         filters.argument_labels(cli, ["remote_user", "check", "tags", "skip_tags", "subset", "other"]))

    def test_play_labels_are_the_defaults_then_the_arguments_then_the_plays_own(self):
        self.assertEqual(["d", "check:True", "x", "y"], filters.play_labels(["d"], ["check:True"], {"ara_playbook_labels": ["x", "y"]}))
        self.assertEqual(["x", "y"], filters.play_labels(None, [], {"ara_playbook_labels": "x,y"}))
        self.assertEqual([], filters.play_labels([], [], {}))


class FactsTest(unittest.TestCase):

    def test_each_ignored_fact_present_is_replaced(self):
        content = {"ansible_facts": {"ansible_env": {"HOME": "/root"}, "ansible_hostname": "web1"}}
        filters.censor_facts(content, ["ansible_env", "ansible_missing"])
        self.assertEqual({"ansible_facts": {"ansible_env": filters.IGNORED_FACT, "ansible_hostname": "web1"}}, content)

    def test_all_replaces_every_fact(self):
        content = {"ansible_facts": {"ansible_hostname": "web1"}, "changed": False}
        filters.censor_facts(content, ["all"])
        self.assertEqual({"ansible_facts": {"all": filters.IGNORED_FACT}, "changed": False}, content)

    def test_content_without_facts_is_left_alone(self):
        self.assertEqual({"msg": "hi"}, filters.censor_facts({"msg": "hi"}, ["all"]))
        self.assertEqual({}, filters.censor_facts({}, None))


class NamesTest(unittest.TestCase):

    def test_the_controller_is_not_recorded_when_record_controller_is_off(self):
        self.assertIsNone(filters.controller_name(False, "ctl", "fqdn"))

    def test_a_configured_controller_name_wins(self):
        self.assertEqual("ctl", filters.controller_name(True, "ctl", "hostname_short"))

    def test_the_controller_name_follows_localhost_as_hostname_format(self):
        with mock.patch.object(filters.socket, "getfqdn", return_value="ctl.example.org"), \
                mock.patch.object(filters.socket, "gethostname", return_value="box.lan"):
            self.assertEqual("ctl.example.org", filters.controller_name(True, None, "fqdn"))
            self.assertEqual("ctl", filters.controller_name(True, None, "fqdn_short"))
            self.assertEqual("box.lan", filters.controller_name(True, None, "hostname"))
            self.assertEqual("box", filters.controller_name(True, None, "hostname_short"))
            self.assertEqual("ctl.example.org", filters.controller_name(True, None, None))

    def test_the_user_is_the_configured_one_or_the_login_or_none_when_off(self):
        self.assertIsNone(filters.user_name(False, "me"))
        self.assertEqual("me", filters.user_name(True, "me"))
        with mock.patch.object(filters.getpass, "getuser", return_value="login"):
            self.assertEqual("login", filters.user_name(True, None))


class OfflineRecordsTest(unittest.TestCase):

    def test_only_successful_records_of_our_offline_action_are_taken(self):
        ours = {"key": "k", "value": "v", "type": "text", "playbook_id": None}
        aras = {"key": "k", "value": "v", "type": "text", "playbook_id": 3}
        failed = dict(ours, failed=True)
        self.assertEqual([ours], records.offline_records(ours))
        self.assertEqual([], records.offline_records(aras))
        self.assertEqual([ours], records.offline_records({"results": [ours, aras, failed, "skipped"]}))

    def test_taken_records_are_remembered_for_later_tasks(self):
        records.recorded_keys().clear()
        item = {"key": "k", "value": {"a": 1}, "type": "dict", "playbook_id": None}
        self.assertEqual([("k", {"a": 1}, "dict")], records.take_offline_records(item, dict))
        self.assertEqual(({"a": 1}, "dict"), records.recorded_keys()["k"])


class DelegationsTest(unittest.TestCase):

    def task(self, delegate_to, uuid="u1"):
        return mock.Mock(delegate_to=delegate_to, _uuid=uuid)

    def test_the_hosts_of_loop_items_win_over_the_unrendered_delegate(self):
        delegations = ansible_objects.Delegations()
        delegations.item_done(self.task("db1"))
        delegations.item_done(self.task("db2"))
        self.assertEqual(["db1", "db2"], delegations.of(self.task("{{ item }}"), "u1"))

    def test_a_task_without_items_is_delegated_to_its_delegate(self):
        self.assertEqual(["db1"], ansible_objects.Delegations().of(self.task("db1"), "u1"))

    def test_a_task_not_delegated_has_no_delegates(self):
        self.assertEqual([], ansible_objects.Delegations().of(self.task(None), "u1"))


if __name__ == "__main__":
    unittest.main()
