# Checks the ara_journal plugin's clock against datetime at the instants given on the command line
# (microseconds since the epoch), reading them in order through one clock as a run would: prints
# one line per instant, "ok" or what the plugin wrote and what datetime writes.
# Usage: python3 callback_clock.py PLUGIN_FILE MICROS...
import datetime, importlib.util, sys, time

spec = importlib.util.spec_from_file_location("ara_journal_under_test", sys.argv[1])
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)


class FixedTime:
    """The time module, with time_ns() answering the instant under test."""
    ns = 0

    def time_ns(self):
        return self.ns

    def __getattr__(self, name):
        return getattr(time, name)


fixed = FixedTime()
plugin.time = fixed
clock = plugin._UtcClock()
epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
for micros in map(int, sys.argv[2:]):
    fixed.ns = micros * 1000 + 999  # nanoseconds below a microsecond are cut, never rounded up
    wrote = clock.now()
    expected = (epoch + datetime.timedelta(microseconds=micros)).isoformat(timespec="microseconds")
    print("ok" if wrote == expected else "%d: plugin %s, datetime %s" % (micros, wrote, expected))
