package org.arajournal.replay;

import java.util.List;
import java.util.UUID;

/** What a replay did, run by run. */
public record ReplayReport(List<Delivered> delivered, List<Failed> failed, List<UUID> leftRunning,
    List<UUID> alreadyDelivered, long events, double seconds) {

  /** A run now complete in ARA. */
  public record Delivered(UUID run, long playbookId, String status, long results) {}

  /** A run that could not be delivered, and why. */
  public record Failed(UUID run, long playbookId, String error) {}

  /** Whether everything that was due was delivered. */
  public boolean success() {
    return failed.isEmpty();
  }
}
