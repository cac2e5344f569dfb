# Profiling shim for bench/profile: loads the real ara_journal plugin (ARA_JOURNAL_PLUGIN_SRC) and
# records, per hook and helper, the calls, wall time, CPU (thread time) and minor page faults (this
# thread's) spent in it, appended as one JSON line per run to ARA_JOURNAL_PROFILE_OUT. Fault counts
# are the steady measure: after each fork of a worker, every page the callback writes faults, and
# unlike CPU time a count does not drift with the VM's speed. Put this directory, not the real one,
# in ANSIBLE_CALLBACK_PLUGINS.
import atexit, importlib.util, json, os, resource, time, collections
_src = os.environ.get("ARA_JOURNAL_PLUGIN_SRC") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "recorder", "src", "main", "python", "callback_plugins", "ara_journal.py")
_spec = importlib.util.spec_from_file_location("ara_journal_real", _src)
_real = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_real)
DOCUMENTATION = _real.DOCUMENTATION
_stats = collections.defaultdict(lambda: [0, 0.0, 0.0, 0])  # calls, wall, thread cpu, thread faults
_RUSAGE_THREAD = getattr(resource, "RUSAGE_THREAD", resource.RUSAGE_SELF)
_t_start = time.perf_counter()


def _faults():
    return resource.getrusage(_RUSAGE_THREAD).ru_minflt


def _timed(name, fn, by_first_arg=False):
    def wrapper(*a, **k):
        key = name + ":" + a[1].__name__ if by_first_arg else name
        w0 = time.perf_counter(); c0 = time.thread_time(); f0 = _faults()
        try:
            return fn(*a, **k)
        finally:
            f1 = _faults()
            s = _stats[key]; s[0] += 1; s[1] += time.perf_counter() - w0; s[2] += time.thread_time() - c0; s[3] += f1 - f0
    wrapper.__name__ = fn.__name__
    return wrapper


for cls, names in ((_real.Hose, ["__init__", "send", "close"]),
                   (_real.CallbackModule, ["_emit_frame", "_result", "_file"])):
    for n in names:
        setattr(cls, n, _timed(cls.__name__ + "." + n, getattr(cls, n)))
# Each hook goes through _guard: one entry per hook (e.g. "_guard:_host_start"), and their sum.
_real.CallbackModule._guard = _timed("hook", _real.CallbackModule._guard, by_first_arg=True)


def _report():
    if os.getpid() != _pid:
        return
    out = os.environ.get("ARA_JOURNAL_PROFILE_OUT", "/tmp/ara_journal_profile.json")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(out, "a") as f:
        f.write(json.dumps({"total_wall": time.perf_counter() - _t_start, "process_cpu": time.process_time(),
                            "process_faults": usage.ru_minflt, "stats": dict(_stats)}) + "\n")


_pid = os.getpid()
atexit.register(_report)


class CallbackModule(_real.CallbackModule):
    pass
