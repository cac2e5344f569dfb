# Profiling shim for bench/profile: loads the real ara_journal plugin (ARA_JOURNAL_PLUGIN_SRC) and
# records the CPU (thread time) and wall time spent in its hooks, appended as one JSON line per run
# to ARA_JOURNAL_PROFILE_OUT. Put this directory, not the real one, in ANSIBLE_CALLBACK_PLUGINS.
import atexit, importlib.util, json, os, time, collections, threading
_src = os.environ.get("ARA_JOURNAL_PLUGIN_SRC") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "recorder", "src", "main", "python", "callback_plugins", "ara_journal.py")
_spec = importlib.util.spec_from_file_location("ara_journal_real", _src)
_real = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_real)
DOCUMENTATION = _real.DOCUMENTATION
_stats = collections.defaultdict(lambda: [0, 0.0, 0.0])  # calls, wall, thread cpu
_main = threading.get_ident()
_t_start = time.perf_counter()

def _timed(name, fn):
    def wrapper(*a, **k):
        w0 = time.perf_counter(); c0 = time.thread_time()
        try:
            return fn(*a, **k)
        finally:
            s = _stats[name]; s[0] += 1; s[1] += time.perf_counter() - w0; s[2] += time.thread_time() - c0
    wrapper.__name__ = fn.__name__
    return wrapper

for cls, names in ((_real.Hose, ["__init__", "send", "close"]),
                   (_real.CallbackModule, ["_emit", "_result", "_file", "_guard"])):
    for n in names:
        setattr(cls, n, _timed(cls.__name__ + "." + n, getattr(cls, n)))

class _TimedJson:
    def __init__(self, j): self._j = j
    def dumps(self, *a, **k): return _timed("json.dumps", self._j.dumps)(*a, **k)
    def loads(self, *a, **k): return _timed("json.loads", self._j.loads)(*a, **k)
_real.json = _TimedJson(json)

def _report():
    if os.getpid() != _pid:
        return
    out = os.environ.get("ARA_JOURNAL_PROFILE_OUT", "/tmp/ara_journal_profile.json")
    with open(out, "a") as f:
        f.write(json.dumps({"total_wall": time.perf_counter() - _t_start, "process_cpu": time.process_time(), "stats": dict(_stats)}) + "\n")
_pid = os.getpid()
atexit.register(_report)

class CallbackModule(_real.CallbackModule):
    pass
