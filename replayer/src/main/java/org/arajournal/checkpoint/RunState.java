package org.arajournal.checkpoint;

import java.util.UUID;

/**
 * How far one run got on one ARA server.
 *
 * @param playbookId  the ARA playbook the run became
 * @param deadLetters events the server refused (0 when everything was taken)
 */
public record RunState(UUID run, Stage stage, long playbookId, long deadLetters) {
  /** Where a run stands. */
  public enum Stage {
    /** Its playbook exists in ARA, the rest may not yet. */
    STARTED,
    /** Everything the server would take is in ARA; {@code deadLetters} events it refused. */
    DELIVERED
  }

  /** Whether the run needs no further replay unless its dead letters are retried. */
  public boolean delivered() {
    return stage == Stage.DELIVERED;
  }
}
