"""The frame format: each event is one flat JSON object (the envelope schema, type, run, seq, time,
then the event's fields), encoded as UTF-8 and preceded by its length as 4 bytes big-endian."""

import json
import struct
import time

try:
    from ansible.module_utils.common.json import AnsibleJSONEncoder
except ImportError:  # older ansible-core
    from ansible.parsing.ajson import AnsibleJSONEncoder

SCHEMA = 1
# Built once: json.dumps(cls=...) builds a new encoder per call, and this runs for every event.
# ASCII-only output, so a lone surrogate (undecodable command output) cannot break a frame.
_ENVELOPE_ENCODER = AnsibleJSONEncoder(separators=(",", ":"))
_CONTENT_ENCODER = AnsibleJSONEncoder(sort_keys=True, separators=(",", ":"))

encode_string = json.encoder.encode_basestring_ascii
# pack_length(len(event)): the 4 bytes that precede an event in its frame. A builtin, so that no
# Python frame of ours runs for it on the hot path.
pack_length = struct.Struct(">I").pack


def template(run, event_type, names):
    """The text of one kind of event with the run's envelope filled in: formatting it with
    (seq, time, the JSON text of each named field in order) gives the event's document."""
    return ('{"schema":%d,"type":"%s","run":"%s",' % (SCHEMA, event_type, run)
            + '"seq":%d,"time":"%s"' + "".join(',"%s":%%s' % name for name in names) + "}")


def json_value(value):
    """The JSON text of one event field, exactly as the envelope encoder would write it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return encode_string(value)
    try:
        return _ENVELOPE_ENCODER.encode(value)
    except (TypeError, ValueError):
        return json.dumps(value, separators=(",", ":"), default=str)


def content_json(data):
    """The JSON text of a result's content: sorted keys and Ansible's types, as ARA's callback gets
    with its dumps/loads round trip, encoded once."""
    try:
        return _CONTENT_ENCODER.encode(data)
    except TypeError:  # keys of mixed types do not sort
        return json.dumps(data, cls=AnsibleJSONEncoder, separators=(",", ":"))


def content(data):
    """A copy of a result's dicts and lists without Ansible's internal "_ansible_*" keys: what
    ansible.vars.clean's module_response_deepcopy then strip_internal_keys make (ARA's callback
    uses them), in one pass that allocates only the copy. It runs right after worker forks, where
    every page written costs a copy-on-write fault; and it keeps the plugin off ansible internals."""
    if isinstance(data, dict):
        copy = {}
        for key, value in data.items():
            if isinstance(key, str) and key.startswith("_ansible_"):
                continue
            copy[key] = content(value) if isinstance(value, (dict, list)) else value
        return copy
    return [content(value) if isinstance(value, (dict, list)) else value for value in data]


class UtcClock:
    """ISO 8601 UTC times with six digits of microseconds (as datetime.isoformat() writes an aware
    UTC datetime, bar its dropping a zero fraction), without building datetime objects: every event
    reads the clock right after Ansible forks a worker, when each page written costs a copy-on-write
    fault, and the datetime path writes more of them. The date and hour:minute are formatted once a
    minute."""

    def __init__(self):
        self._minute = (None, "")  # (minutes since the epoch, "YYYY-MM-DDTHH:MM:"), replaced whole

    def now(self):
        micros = time.time_ns() // 1000
        minute, prefix = self._minute
        if micros // 60000000 != minute:
            minute = micros // 60000000
            prefix = time.strftime("%Y-%m-%dT%H:%M:", time.gmtime(minute * 60))
            self._minute = (minute, prefix)
        micros -= minute * 60000000
        return "%s%02d.%06d+00:00" % (prefix, micros // 1000000, micros % 1000000)
