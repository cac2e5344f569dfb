# The CPU of the callback's two commonest hooks (v2_runner_on_start, v2_runner_on_ok) when each is
# the first call after a fork, plugin A against plugin B, interleaved call by call so that drifts in
# the machine's speed hit both alike. The process is first grown with OBJECTS small dicts, as
# Ansible's controller is grown by its inventory and variables: after each fork every page it
# writes costs a copy-on-write fault, which is what a hook's cost mostly is in Ansible. It also counts
# the faults of each call: a steadier measure than CPU, which drifts with the VM's speed.
# Usage: /usr/bin/python3 bench/profile/after_fork.py PLUGIN_A PLUGIN_B [OBJECTS [ROUNDS]]
#   e.g. after_fork.py /tmp/baseline/recorder/src/main/python/callback_plugins/ara_journal.py \
#                      recorder/src/main/python/callback_plugins/ara_journal.py 200000 150
import importlib.util, os, resource, statistics, sys, tempfile, time
from ansible.executor.task_result import TaskResult
from ansible.inventory.host import Host
from ansible.playbook.task import Task

journal = tempfile.mkdtemp(prefix="after-fork-")
os.makedirs(os.path.join(journal, "spool"))


def load(path, tag):
    spec = importlib.util.spec_from_file_location("ara_journal_" + tag, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    callback = module.CallbackModule()
    callback._opt = {"journal_dir": journal, "recorder_command": "", "ack_timeout": 1, "argument_labels": [],
                     "default_labels": [], "ignored_facts": [], "ignored_arguments": [], "ignored_files": [],
                     "localhost_as_hostname": False, "localhost_as_hostname_format": "fqdn", "record_controller": False,
                     "record_controller_name": None, "record_user": False, "record_user_name": None,
                     "record_task_content": True}
    # A sink that takes frames and never acknowledges: the hooks' cost without a recorder's.
    callback._recording.hose = module.Hose(journal, ["sh", "-c", "cat >/dev/null"], callback._recording.run, print)
    return callback


callbacks = {"A": load(sys.argv[1], "a"), "B": load(sys.argv[2], "b")}
objects = int(sys.argv[3]) if len(sys.argv) > 3 else 200000
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 150
hosts = [Host("host%d" % i) for i in range(20)]
task = Task.load({"name": "debug a greeting", "debug": {"msg": "hello"}})
ballast = [{"k%d" % j: [j, str(j)] for j in range(10)} for _ in range(objects)]
result = {"changed": False, "msg": "hello from host", "_ansible_no_log": False, "_ansible_verbose_always": True}
hooks = {"host_started": lambda callback, host: callback.v2_runner_on_start(host, task),
         "result": lambda callback, host: callback.v2_runner_on_ok(TaskResult(host, task, dict(result)))}
cpu = {(plugin, hook): [] for plugin in callbacks for hook in hooks}
faults = {(plugin, hook): [] for plugin in callbacks for hook in hooks}
for i in range(rounds):
    for name, hook in hooks.items():
        for plugin in (("A", "B") if i % 2 == 0 else ("B", "A")):
            child = os.fork()
            if child == 0:
                time.sleep(0.03)  # alive while the hook runs, as a worker is
                os._exit(0)
            flt = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
            started = time.thread_time()
            hook(callbacks[plugin], hosts[i % len(hosts)])
            cpu[(plugin, name)].append(time.thread_time() - started)
            faults[(plugin, name)].append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - flt)
            os.waitpid(child, 0)
for name in hooks:
    a, b = cpu[("A", name)], cpu[("B", name)]
    print("%-12s A median %5.0f us, B median %5.0f us, median of paired differences B-A %+.0f us;"
          " faults A %.1f, B %.1f (means)"
          % (name, 1e6 * statistics.median(a), 1e6 * statistics.median(b),
             1e6 * statistics.median([y - x for x, y in zip(a, b)]),
             statistics.mean(faults[("A", name)]), statistics.mean(faults[("B", name)])))
