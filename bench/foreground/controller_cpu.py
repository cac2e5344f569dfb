"""Runs ansible-playbook in this process and appends the CPU its controller process used (user and
sys seconds, all its threads, not its forked workers), its minor page faults and how often it was
pre-empted (involuntary context switches) to a file at exit.

The controller is the serial part of a playbook run: it forks the workers and runs every callback,
so what a callback costs shows here undiluted by the workers' CPU, which is most of the total.
Usage: controller_cpu.py OUT_FILE ANSIBLE_PLAYBOOK [ARGS...]"""
import atexit, os, resource, runpy, sys

out, script = sys.argv[1], sys.argv[2]
controller = os.getpid()


def report():
    if os.getpid() == controller:  # not in a worker that ran atexit
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(out, "a") as f:
            f.write("%.3f %.3f %d %d\n" % (usage.ru_utime, usage.ru_stime, usage.ru_minflt, usage.ru_nivcsw))


# Registered first, so it runs after every other atexit hook (a callback's final wait included).
atexit.register(report)
sys.argv = [script] + sys.argv[3:]
runpy.run_path(script, run_name="__main__")
