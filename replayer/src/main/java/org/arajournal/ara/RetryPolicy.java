package org.arajournal.ara;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How patiently a request is retried when the server could not take it but may later: connection
 * failures and timeouts, 408, 429, 500 (sqlite's "database is locked"), 502, 503, 504.
 *
 * @param firstDelay  the wait after the first failure; doubled after each further one
 * @param maxDelay    the longest single wait
 * @param giveUpAfter how long a request keeps failing (or the server stays unreachable) before the
 *                    replay gives up on it; empty: never give up, wait for the server however long
 */
public record RetryPolicy(Duration firstDelay, Duration maxDelay, Optional<Duration> giveUpAfter) {
  /** Never gives up; waits grow to 30 s, so a server that comes back is noticed within 30 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), Optional.empty());

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public RetryPolicy {
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay, got " + firstDelay + ", " + maxDelay);
    }
    if (giveUpAfter.isPresent() && (giveUpAfter.get().isNegative() || giveUpAfter.get().isZero())) {
      throw new IllegalArgumentException("giveUpAfter must be positive, was " + giveUpAfter.get());
    }
  }

  /** This policy, but giving up once a request has failed for {@code limit}. */
  public RetryPolicy givingUpAfter(Duration limit) {
    return new RetryPolicy(firstDelay, maxDelay, Optional.of(limit));
  }

  /** The wait after failure number {@code failures} (1, 2, ...), with up to 50% jitter so workers do not collide again. */
  public Duration delayAfter(int failures) {
    long base = firstDelay.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    long capped = Math.min(base, maxDelay.toMillis());
    long jitter = capped == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Duration.ofMillis(capped / 2 + jitter);
  }

  /** Whether something failing since {@code sinceNanos} (a {@link System#nanoTime()}) has failed for too long. */
  boolean expired(long sinceNanos, long nowNanos) {
    return giveUpAfter.isPresent() && nowNanos - sinceNanos >= giveUpAfter.get().toNanos();
  }

  /** Nanoseconds left before {@link #expired}; {@link Long#MAX_VALUE} when it never gives up. */
  long nanosLeft(long sinceNanos, long nowNanos) {
    return giveUpAfter.map(limit -> Math.max(0, sinceNanos + limit.toNanos() - nowNanos)).orElse(Long.MAX_VALUE);
  }

  /**
   * Parses a duration as an operator writes it: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1h30m},
   * {@code 1d}, {@code 500ms}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static Duration parseDuration(String text) {
    String trimmed = text == null ? "" : text.strip();
    Matcher part = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.lookingAt()) {
      long amount;
      try {
        amount = Long.parseLong(part.group(1));
      } catch (NumberFormatException e) {
        throw notADuration(text);
      }
      total = total.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
      end = part.end();
      part.region(end, trimmed.length());
    }
    if (trimmed.isEmpty() || end != trimmed.length()) {
      throw notADuration(text);
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is no time at all; give a positive duration such as 90s, 10m or 2h");
    }
    return total;
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration; write it as a number and a unit"
        + " (ms, s, m, h, d), e.g. 90s, 10m, 2h or 1h30m");
  }

  /** A duration the way {@link #parseDuration} reads it, e.g. {@code 1h30m}, {@code 90s}, {@code 250ms}. */
  public static String format(Duration duration) {
    if (duration.toMillis() < 1000) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) text.append(seconds / 3600).append('h');
    if (seconds % 3600 >= 60) text.append(seconds % 3600 / 60).append('m');
    if (seconds % 60 != 0 || text.length() == 0) text.append(seconds % 60).append('s');
    return text.toString();
  }
}
