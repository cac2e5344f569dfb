package org.arajournal.ara;

/**
 * How many requests may be in flight, adapted to what the server takes (additive increase,
 * multiplicative decrease): halved when the server says it is overloaded, one more after a run of
 * successes. On sqlite, concurrent writers make ARA answer 500 "database is locked"; backing off
 * finds the concurrency it can take instead of retrying into the same lock.
 */
final class AdaptiveLimit {
  private final int max;
  private int limit;
  private int inFlight;
  private int successes;

  AdaptiveLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    this.max = max;
    this.limit = max;
  }

  synchronized void acquire() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
  }

  /** Ends one request; {@code overloaded} when the server could not take it. */
  synchronized void release(boolean overloaded) {
    inFlight--;
    if (overloaded) {
      limit = Math.max(1, limit / 2);
      successes = 0;
    } else if (limit < max && ++successes >= limit * 4) {
      limit++;
      successes = 0;
    }
    notifyAll();
  }

  synchronized int limit() {
    return limit;
  }
}
