# ara-journal's ara_record action: the arguments and result of ARA's own ara_record, recorded into
# the journal with the rest of the run instead of sent to the ARA API, so that playbooks using it
# run on a controller that cannot reach ARA. Standard library and ansible only.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import sys
import types

from ansible.plugins.action import ActionBase

DOCUMENTATION = """
---
module: ara_record
short_description: Record persistent data with ARA, through ara-journal (offline).
description:
    - Same arguments and result as ARA's ara_record; the record is written into the ara-journal
      journal by the ara_journal callback and created in ARA by `ara-journal replay` (the last
      write of a key wins, as with ARA's own action).
    - The running playbook's ARA id is not known while recording, so C(playbook_id) (a record for
      an earlier playbook) is refused, and the result's playbook_id is null until the replay.
options:
    playbook_id:
        description: Not supported offline; the task fails when it is given.
        required: false
    key:
        description: Name of the key to write data to
        required: true
    value:
        description: Value of the key written to
        required: true
    type:
        description: Type of the key
        choices: [text, url, json, list, dict]
        default: text
"""

_SHARED = "_ara_journal_records"


def recorded_keys():
    """The records this run wrote so far, key -> (value, type). Kept by the callback in the
    controller; workers, forked from it, see the records of earlier tasks."""
    module = sys.modules.get(_SHARED)
    if module is None:
        module = types.ModuleType(_SHARED)
        module.keys = {}
        sys.modules[_SHARED] = module
    return module.keys


class ActionModule(ActionBase):
    """Record persistent data as key/value pairs for ARA, into the ara-journal journal."""

    TRANSFERS_FILES = False
    VALID_ARGS = frozenset(("playbook_id", "key", "value", "type"))
    VALID_TYPES = ["text", "url", "json", "list", "dict"]

    def run(self, tmp=None, task_vars=None):
        # The same checks, in the same order and words, as ARA's action.
        for arg in self._task.args:
            if arg not in self.VALID_ARGS:
                return {"failed": True, "msg": "{0} is not a valid option.".format(arg)}

        result = super(ActionModule, self).run(tmp, task_vars)

        playbook_id = self._task.args.get("playbook_id", None)
        key = self._task.args.get("key", None)
        value = self._task.args.get("value", None)
        record_type = self._task.args.get("type", "text")

        for parameter in ("key", "value"):
            if not self._task.args.get(parameter):
                result["failed"] = True
                result["msg"] = "Parameter '{0}' is required".format(parameter)
                return result

        if record_type not in self.VALID_TYPES:
            result["failed"] = True
            result["msg"] = "Type '{0}' is not supported, choose one of: {1}".format(
                record_type, ", ".join(self.VALID_TYPES))
            return result

        if playbook_id is not None:
            result["changed"] = False
            result["failed"] = True
            result["msg"] = (
                "Record failed to be created or updated in ARA: playbook_id {0} cannot be resolved while "
                "ara-journal records offline (the ARA API is not used during the run); record into the "
                "running playbook by leaving playbook_id out, or write to an earlier playbook with ARA's own "
                "ara_record against a reachable ARA server".format(playbook_id))
            return result

        known = recorded_keys()
        changed = known.get(key) != (value, record_type)
        known[key] = (value, record_type)  # later items of a loop run in this same worker
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        result["changed"] = changed
        result["key"] = key
        result["value"] = value
        result["type"] = record_type
        # Filled in by `ara-journal replay` from the server's answer, as ARA's action reports them.
        result["playbook_id"] = None
        result["created"] = now
        result["updated"] = now
        result["msg"] = "Record created or updated in ARA" if changed else "Record unchanged in ARA"
        return result
