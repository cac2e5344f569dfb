package org.arajournal.recorder;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.arajournal.journal.LiveRuns;

/**
 * The live marks of the runs a recorder appends: one lock per run, held while any of the
 * recorder's inputs still feeds that run. POSIX locks belong to the process, so two inputs of a
 * shared recorder must not take or drop one run's lock each on their own.
 */
final class LiveMarks {
  private final LiveRuns liveRuns;
  private final Map<UUID, Held> held = new HashMap<>();

  LiveMarks(LiveRuns liveRuns) {
    this.liveRuns = liveRuns;
  }

  /** One input starts feeding {@code run}: marked live until that input {@link #release releases} it. */
  synchronized void acquire(UUID run) throws IOException {
    Held h = held.get(run);
    if (h == null) {
      h = new Held(liveRuns.hold(run));
      held.put(run, h);
    }
    h.inputs++;
  }

  /** One input has ended; the run stops being live when no other input feeds it. */
  synchronized void release(UUID run) throws IOException {
    Held h = held.get(run);
    if (h != null && --h.inputs == 0) {
      held.remove(run);
      h.handle.close();
    }
  }

  private static final class Held {
    final LiveRuns.Handle handle;
    int inputs;

    Held(LiveRuns.Handle handle) {
      this.handle = handle;
    }
  }
}
