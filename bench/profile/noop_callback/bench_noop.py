# A callback that is enabled and does nothing, with the hooks ara_journal has: what Ansible itself
# spends on having one more callback (it dispatches each hook and makes a clean copy of every result
# for each callback), the floor no recording callback can go under. Used by fork_faults.sh.
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    """Enabled, records nothing."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "bench_noop"
    CALLBACK_NEEDS_ENABLED = False

    def v2_playbook_on_start(self, playbook):
        pass

    def v2_playbook_on_play_start(self, play):
        pass

    def v2_playbook_on_task_start(self, task, is_conditional):
        pass

    def v2_playbook_on_handler_task_start(self, task):
        pass

    def v2_runner_on_start(self, host, task):
        pass

    def v2_runner_on_ok(self, result, **kwargs):
        pass

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        pass

    def v2_runner_on_skipped(self, result, **kwargs):
        pass

    def v2_runner_on_unreachable(self, result, **kwargs):
        pass

    def v2_runner_item_on_ok(self, result):
        pass

    def v2_runner_item_on_failed(self, result):
        pass

    def v2_playbook_on_stats(self, stats):
        pass
