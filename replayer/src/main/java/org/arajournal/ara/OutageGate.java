package org.arajournal.ara;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the ARA server is reachable, shared by every worker. While it is not, one request at a
 * time probes it (the prober, which retries with backoff) and every other request waits here, so
 * a dead server is not hammered by all workers and the log says once that it went away and once
 * that it came back.
 */
final class OutageGate {
  private static final Logger log = LoggerFactory.getLogger(AraClient.class);

  /** What {@link #enter} lets the caller do. */
  enum Pass {
    /** The server is reachable: send as usual. */
    OPEN,
    /** The server is unreachable and this request is the one probe: send it, then report. */
    PROBE
  }

  private final HttpUrl server;
  private final RetryPolicy policy;
  private boolean down;
  private Instant since;
  private long sinceNanos;
  private Thread prober;
  private int waiting;

  OutageGate(HttpUrl server, RetryPolicy policy) {
    this.server = server;
    this.policy = policy;
  }

  /**
   * Returns at once while the server is reachable; while it is not, either makes the caller the
   * prober or blocks until the probe succeeds.
   *
   * @throws GaveUp once the outage has lasted the policy's {@code giveUpAfter}
   */
  synchronized Pass enter() throws InterruptedException, GaveUp {
    while (down) {
      long now = System.nanoTime();
      if (policy.expired(sinceNanos, now)) {
        throw new GaveUp(since, Duration.ofNanos(now - sinceNanos));
      }
      if (prober == null || prober == Thread.currentThread()) {
        prober = Thread.currentThread();
        return Pass.PROBE;
      }
      long left = policy.nanosLeft(sinceNanos, now);
      waiting++;
      try {
        if (left == Long.MAX_VALUE) {
          wait();
        } else {
          TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, left));
        }
      } finally {
        waiting--;
      }
    }
    return Pass.OPEN;
  }

  /** The server answered (whatever the status): an outage, if any, is over and the waiters go. */
  synchronized void reachable() {
    if (down) {
      Duration length = Duration.ofNanos(System.nanoTime() - sinceNanos);
      // the prober's own request is waiting too
      log.info("ARA server at {} is reachable again after {} (unreachable since {}); {} request(s) were"
          + " waiting and are sent now", server, RetryPolicy.format(length), since, waiting + 1);
      down = false;
      prober = null;
      notifyAll();
    }
  }

  /**
   * The caller's request could not reach the server. The first such report starts an outage and
   * makes the caller its prober; later ones only send the caller back to {@link #enter}.
   *
   * @return whether the caller is the prober, which waits its backoff before probing again
   */
  synchronized boolean unreachable(String where, String what) {
    if (!down) {
      down = true;
      since = Instant.now();
      sinceNanos = System.nanoTime();
      prober = Thread.currentThread();
      log.warn("ARA server at {} unreachable since {}: {} failed ({}). Holding every request and probing the"
              + " server with one request at a time (backoff up to {}); {}", server, since, where, what,
          RetryPolicy.format(policy.maxDelay()),
          policy.giveUpAfter().map(limit -> "giving up after " + RetryPolicy.format(limit) + " (--give-up-after)")
              .orElse("no time limit (--give-up-after sets one)"));
    } else {
      log.debug("ARA server at {} still unreachable: {} failed ({})", server, where, what);
    }
    return prober == Thread.currentThread();
  }

  /** When the current outage started, as {@link System#nanoTime()}; only meaningful while down. */
  synchronized long downSinceNanos() {
    return sinceNanos;
  }

  synchronized boolean down() {
    return down;
  }

  /** The caller stops probing (it gave up or was interrupted): another waiter takes over. */
  synchronized void leave() {
    if (prober == Thread.currentThread()) {
      prober = null;
      notifyAll();
    }
  }


  /** The outage lasted longer than the policy allows. */
  static final class GaveUp extends Exception {
    final Instant since;
    final Duration length;

    GaveUp(Instant since, Duration length) {
      super("unreachable since " + since, null, false, false);
      this.since = since;
      this.length = length;
    }
  }
}
