"""The records written by ara-journal's offline ara_record action (action_plugins/ara_record.py)."""

import sys
import types

# A module of this name in sys.modules, not a module of ours: the action plugin, loaded by Ansible
# on its own, finds the same dict there, and workers forked from the controller inherit it.
SHARED = "_ara_journal_records"


def recorded_keys():
    """The records this run wrote, key -> (value, type), shared with the ara_record action:
    workers forked from the controller see earlier tasks' records."""
    module = sys.modules.get(SHARED)
    if module is None:
        module = types.ModuleType(SHARED)
        module.keys = {}
        sys.modules[SHARED] = module
    return module.keys


def offline_records(data):
    """The records in a result of ara_record (each item of a loop) written by our offline action:
    ARA's own action, live, answers with an int playbook_id, ours with None."""
    items = data.get("results") if isinstance(data.get("results"), list) else [data]
    return [item for item in items
            if (isinstance(item, dict) and not item.get("failed") and "key" in item and "type" in item
                and "playbook_id" in item and item["playbook_id"] is None)]


def take_offline_records(data, content):
    """(key, value, type) of each offline record in an ara_record result, the value of a dict or
    list copied by content() for the event; remembered in recorded_keys() for later tasks."""
    known = recorded_keys()
    taken = []
    for item in offline_records(data):
        key, value, record_type = item["key"], item.get("value"), item["type"]
        taken.append((key, content(value) if isinstance(value, (dict, list)) else value, record_type))
        known[key] = (value, record_type)
    return taken
