package org.arajournal.replay;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * How to replay.
 *
 * @param threads         size of each worker pool (task results, global jobs, runs at once)
 * @param closeIncomplete close runs without an end as {@code expired} even if the journal may still be written
 * @param abandonAfter    a run without an end whose last event is older than this is closed as {@code expired}
 * @param again           replay runs the ledger says were delivered to this server already
 * @param onlyRuns        replay only these runs; empty means all
 * @param retryDeadLetters replay again the runs that have events the server refused
 */
public record ReplayOptions(int threads, boolean closeIncomplete, Duration abandonAfter, boolean again,
    Set<UUID> onlyRuns, boolean retryDeadLetters) {
  public ReplayOptions {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("--threads must be between 1 and 64, was " + threads);
    }
    onlyRuns = Set.copyOf(onlyRuns);
  }

  public static ReplayOptions defaults() {
    return new ReplayOptions(4, false, Duration.ofHours(24), false, Set.of(), false);
  }
}
