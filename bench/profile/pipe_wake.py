# What a pipe write costs the writer when it wakes a reader blocked in read() ("blocked") and when
# the reader only polls ("polling"): the recorder's wake-up as the callback pays it, in a quiet process.
# Usage: /usr/bin/python3 bench/profile/pipe_wake.py blocked|polling
import os, time, sys
r, w = os.pipe()
pid = os.fork()
mode = sys.argv[1]
if pid == 0:
    os.close(w)
    if mode == "blocked":
        while os.read(r, 65536): pass
    else:  # polling: never blocked in read when the write comes
        import fcntl; fcntl.fcntl(r, fcntl.F_SETFL, os.O_NONBLOCK)
        while True:
            time.sleep(0.5)
            try:
                if os.read(r, 1 << 20) == b"": break
            except BlockingIOError: pass
    os._exit(0)
os.close(r)
data = b"x" * 700; h = b"abcd"; n = 300; tot = 0.0
for i in range(n):
    time.sleep(0.01)  # let the reader block again
    t = time.thread_time(); os.writev(w, (h, data)); tot += time.thread_time() - t
print("%s: writev %.1f us CPU each" % (mode, tot / n * 1e6))
os.close(w); os.waitpid(pid, 0)
