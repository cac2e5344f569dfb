package org.arajournal.checkpoint;

import java.util.UUID;

/**
 * How far one run got on one ARA server.
 *
 * @param playbookId  the ARA playbook the run became
 * @param deadLetters events the server refused (0 when everything was taken)
 * @param events      journal entries of the run that were delivered (duplicates included), or
 *                    {@link #UNKNOWN} for a state written before ara-journal counted them; a journal
 *                    only grows, so a later copy with more entries of the run has more to deliver
 */
public record RunState(UUID run, Stage stage, long playbookId, long deadLetters, long events) {
  /** The count of a ledger line written before ara-journal counted delivered events. */
  public static final long UNKNOWN = -1;

  /** Where a run stands. */
  public enum Stage {
    /** Its playbook exists in ARA, the rest may not yet. */
    STARTED,
    /** What the journal held of a run without an end is in ARA, which shows it {@code running}. */
    PARTIAL,
    /**
     * What the journal held of a run without an end is in ARA, closed as {@code expired} (Ansible was
     * killed, or the run was abandoned or closed on request); more events reopen it.
     */
    CLOSED,
    /** The run's own end is in ARA, with everything the server would take; {@code deadLetters} it refused. */
    DELIVERED
  }

  public RunState(UUID run, Stage stage, long playbookId, long deadLetters) {
    this(run, stage, playbookId, deadLetters, UNKNOWN);
  }

  /** Whether the run's end reached ARA: it needs no further replay unless its dead letters are retried. */
  public boolean delivered() {
    return stage == Stage.DELIVERED;
  }

  /** Whether ARA holds the run up to {@link #events} entries of it, but not its end. */
  public boolean deliveredInPart() {
    return stage == Stage.PARTIAL || stage == Stage.CLOSED;
  }
}
