package org.arajournal.replay;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.arajournal.event.Envelope;

/**
 * What {@code replay --follow} has seen of each run as it tails the journal: where the run starts,
 * how many entries and its latest event time, and whether a thread follows it now. A few numbers
 * per run, so a journal of many runs is followed in flat memory.
 */
final class FollowedRuns {
  /** One entry of {@code run} seen by the tail, with what was seen of the run up to it. */
  record Sighting(UUID run, boolean first, long startAfter, long entries, boolean active) {}

  private static final class Seen {
    final long startAfter;
    long entries;

    Seen(long startAfter) {
      this.startAfter = startAfter;
    }
  }

  private final Map<UUID, Seen> seen = new HashMap<>();
  private final Map<UUID, Instant> lastTimes = new ConcurrentHashMap<>();
  private final Set<UUID> active = ConcurrentHashMap.newKeySet();

  /** Notes an entry of {@code key}'s run; {@code previous} is the index of the journal entry before it. */
  Sighting saw(Envelope key, long previous) {
    Seen run = seen.get(key.run());
    boolean first = run == null;
    if (first) {
      run = new Seen(previous);
      seen.put(key.run(), run);
    }
    run.entries++;
    lastTimes.merge(key.run(), key.time(), (a, b) -> a.isAfter(b) ? a : b);
    return new Sighting(key.run(), first, run.startAfter, run.entries, active.contains(key.run()));
  }

  void activate(UUID run) {
    active.add(run);
  }

  void deactivate(UUID run) {
    active.remove(run);
  }

  /** The latest event time of {@code run} the tail has seen. */
  Instant lastTime(UUID run) {
    return lastTimes.get(run);
  }
}
