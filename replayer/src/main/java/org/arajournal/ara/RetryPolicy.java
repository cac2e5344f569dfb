package org.arajournal.ara;

import java.time.Duration;

/**
 * How often and how patiently a request is retried when the server could not take it but may
 * later: connection failures, 502/503/504, 429, and sqlite's 500 "database is locked".
 *
 * @param attempts    tries in all, at least 1
 * @param firstDelay  the wait after the first failure; doubled after each further one
 * @param maxDelay    the longest single wait
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
  /** About 30 s in all: enough for sqlite to clear a lock or a server to restart. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(10));

  public RetryPolicy {
    if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay, got " + firstDelay + ", " + maxDelay);
    }
  }

  /** The wait before try number {@code attempt + 1}, with up to 50% jitter so workers do not collide again. */
  public Duration delayAfter(int attempt) {
    long base = firstDelay.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxDelay.toMillis());
    long jitter = capped == 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Duration.ofMillis(capped / 2 + jitter);
  }
}
