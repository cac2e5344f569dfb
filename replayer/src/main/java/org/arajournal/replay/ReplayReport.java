package org.arajournal.replay;

import java.util.List;
import java.util.UUID;

/** What a replay did, run by run. */
public record ReplayReport(List<Delivered> delivered, List<Failed> failed, List<UUID> leftRunning,
    List<UUID> alreadyDelivered, long events, double seconds) {

  /** A run now complete in ARA. */
  public record Delivered(UUID run, long playbookId, String status, long results, long deadLetters) {}

  /** A run that could not be delivered, and why. */
  public record Failed(UUID run, long playbookId, String error) {}

  /** Whether everything that was due was delivered, with no event refused. */
  public boolean success() {
    return failed.isEmpty() && deadLetters() == 0;
  }

  /** Events the server refused in this replay. */
  public long deadLetters() {
    return delivered.stream().mapToLong(Delivered::deadLetters).sum();
  }
}
