package org.arajournal.it.compare;

import java.time.Instant;
import java.util.Objects;

/**
 * The wall-clock interval one ansible-playbook process ran in. Every time ARA stores for a run must
 * fall inside the window of the run that produced it (for a replay: the recording run, not the
 * replay), which catches a replay that stamps records with the time it sends them.
 */
public record RunWindow(Instant from, Instant to) {
  public RunWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
    }
  }

  /** Whether {@code time} is within the window, bounds included. */
  public boolean contains(Instant time) {
    return !time.isBefore(from) && !time.isAfter(to);
  }
}
