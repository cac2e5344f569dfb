"""Prints how long this machine takes, right now, for a fixed piece of Ansible-like work: CPU
seconds (user+sys, with its children) to run a Python loop and to fork children that each write to
pages shared with their parent (a copy-on-write fault per page, most of a controller's kernel time
on this VM). foreground.sh runs it around each run to see the machine's speed drift apart from
anything a callback does. Usage: speed_probe.py [repetitions (default 1)]"""
import os, resource, sys


def loop():
    total = 0
    for i in range(300_000):
        total += len(str(i)) * (i & 7)
    return total


def forks(pages=4_000, children=8):
    heap = bytearray(pages * 4096)
    for _ in range(children):
        pid = os.fork()
        if pid == 0:
            for offset in range(0, len(heap), 4096):
                heap[offset] = 1
            os._exit(0)
        os.waitpid(pid, 0)


def cpu():
    """Microsecond CPU of this process and its waited-for children (os.times counts in 10 ms)."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


before = cpu()
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
    loop()
    forks()
print("%.4f" % (cpu() - before))
