"""Recording through SIGINT and SIGTERM, ahead of whatever handling Ansible has installed."""

import os
import signal


def chain(sig, interrupted, close):
    """Installs a handler for sig that calls interrupted(signum) (which must not raise), closes the
    hand-off when the process is about to die, then does what the handler it replaces did."""
    original = signal.getsignal(sig)

    def handler(signum, frame):
        interrupted(signum)
        if callable(original):
            if signum != signal.SIGINT:
                # ansible-core >= 2.19 installs its own SIGTERM handler (TaskQueueManager) that
                # re-sends the signal with SIG_DFL: the process dies before atexit runs, so
                # confirm or spool what the recorder has not acknowledged now.
                close()
            return original(signum, frame)
        if original == signal.SIG_IGN:
            return None
        # Default action: die of the same signal, as if we had never been here.
        close()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return None

    try:
        signal.signal(sig, handler)
    except (ValueError, OSError):
        pass  # not the main thread: Ansible's own handling stays
