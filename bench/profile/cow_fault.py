# What one copy-on-write fault costs on this machine: a process writes one byte into each of 2,000
# pages it shares with a forked child, then into 2,000 more after the child has exited (the pages
# are then its own, but still write-protected until the fault). Usage: /usr/bin/python3 cow_fault.py
import os, time

PAGE, PAGES = 4096, 2000
buffer = bytearray(PAGE * PAGES * 2)
for offset in range(0, len(buffer), PAGE):
    buffer[offset] = 1  # every page present before the fork
child = os.fork()
if child == 0:
    time.sleep(2)
    os._exit(0)
started = time.thread_time()
for offset in range(0, PAGE * PAGES, PAGE):
    buffer[offset] = 2
shared = (time.thread_time() - started) / PAGES
os.waitpid(child, 0)
started = time.thread_time()
for offset in range(PAGE * PAGES, len(buffer), PAGE):
    buffer[offset] = 2
owned = (time.thread_time() - started) / PAGES
print("first write to a page shared with a child: %.1f us CPU; after the child exited: %.1f us" % (shared * 1e6, owned * 1e6))
