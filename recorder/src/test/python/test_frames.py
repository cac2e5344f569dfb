"""The frame format: each event a flat JSON object with its envelope, its fields' JSON text as the
envelope encoder writes it, a result's content without Ansible's internal keys."""

import datetime
import json
import struct
import unittest
from unittest import mock

import support  # noqa: F401 (puts ara_journal_lib on sys.path)
from ara_journal_lib import frames

from ansible.utils.unsafe_proxy import AnsibleUnsafeText


class FramesTest(unittest.TestCase):

    def test_the_length_prefix_is_four_bytes_big_endian(self):
        self.assertEqual(b"\x00\x00\x01\x02", frames.pack_length(258))
        self.assertEqual((70000,), struct.unpack(">I", frames.pack_length(70000)))

    def test_a_template_filled_in_is_the_event_with_its_envelope_first(self):
        template = frames.template("run-1", "host_started", ("host", "task_uuid"))
        text = template % (7, "2026-12-01T00:00:00.000001+00:00", '"web1"', '"t-1"')
        self.assertEqual('{"schema":1,"type":"host_started","run":"run-1","seq":7,'
                         '"time":"2026-12-01T00:00:00.000001+00:00","host":"web1","task_uuid":"t-1"}', text)
        self.assertEqual(["schema", "type", "run", "seq", "time", "host", "task_uuid"], list(json.loads(text)))

    def test_a_fields_json_text_is_what_the_envelope_encoder_writes(self):
        encoder = frames._ENVELOPE_ENCODER
        for value in (None, True, False, 0, -12, 2 ** 70, 1.5, "plain", 'quote " and \\', "é ✓ \U0001F600",
                      AnsibleUnsafeText("unsafe"), [1, "a", None], {"b": 1, "a": [True]}, ("t", 1)):
            self.assertEqual(encoder.encode(value), frames.json_value(value), repr(value))

    def test_field_text_is_ascii_so_a_lone_surrogate_cannot_break_a_frame(self):
        text = frames.json_value("output \udcff cut")
        self.assertEqual('"output \\udcff cut"', text)
        text.encode("utf-8")

    def test_a_value_json_cannot_encode_is_written_as_its_string(self):
        class Opaque:
            def __str__(self):
                return "opaque"

        self.assertEqual('{"x":"opaque"}', frames.json_value({"x": Opaque()}))

    def test_content_drops_ansible_internal_keys_at_every_depth_and_keeps_the_rest(self):
        data = {"changed": True, "_ansible_no_log": False,
                "results": [{"item": 1, "_ansible_item_label": 1, "nested": {"_ansible_x": 1, "y": [2]}}]}
        self.assertEqual({"changed": True, "results": [{"item": 1, "nested": {"y": [2]}}]}, frames.content(data))

    def test_content_is_a_copy(self):
        data = {"list": [{"a": 1}]}
        copy = frames.content(data)
        copy["list"][0]["a"] = 2
        self.assertEqual({"list": [{"a": 1}]}, data)

    def test_content_json_sorts_keys_compactly(self):
        self.assertEqual('{"a":[1,{"c":3,"d":4}],"b":2}', frames.content_json({"b": 2, "a": [1, {"d": 4, "c": 3}]}))

    def test_content_json_of_keys_that_do_not_sort_keeps_their_order(self):
        self.assertEqual('{"b":1,"1":2}', frames.content_json({"b": 1, 1: 2}))

    def test_the_clock_writes_what_datetime_writes_across_the_boundaries_of_its_cached_minute(self):
        # In order through one clock, as a run reads it: around minute, hour, day, leap-day and year
        # boundaries, the last microsecond of the old minute, the first of the new, a second later,
        # then a step back (clocks are not monotonic) and forward again.
        clock = frames.UtcClock()
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        for boundary in ("2026-12-01T03:21:00", "2026-12-01T04:00:00", "2026-12-02T00:00:00",
                         "2028-02-29T00:00:00", "2028-03-01T00:00:00", "2027-01-01T00:00:00"):
            at = datetime.datetime.fromisoformat(boundary + "+00:00")
            for offset in (-60_000_001, -1, 0, 1, 999_999, 1_000_000, -1, 59_999_999, 60_000_000):
                instant = at + datetime.timedelta(microseconds=offset)
                micros = (instant - epoch) // datetime.timedelta(microseconds=1)
                # Nanoseconds below a microsecond are cut, never rounded up.
                with mock.patch.object(frames.time, "time_ns", return_value=micros * 1000 + 999):
                    self.assertEqual(instant.isoformat(timespec="microseconds"), clock.now())

    def test_the_clock_keeps_six_digits_of_a_whole_second(self):
        with mock.patch.object(frames.time, "time_ns", return_value=1_764_547_200_000_000_000):
            self.assertEqual("2025-12-01T00:00:00.000000+00:00", frames.UtcClock().now())

if __name__ == "__main__":
    unittest.main()
