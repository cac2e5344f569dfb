package org.arajournal.journal;

import java.nio.file.Path;

/** The journal's file system has less free space than the reserve: nothing was written. */
public final class JournalFullException extends RuntimeException {
  private final long free;

  JournalFullException(Path dir, long free, long reserve, long needed) {
    super(dir + " has " + free + " bytes free, less than the " + reserve + " kept in reserve (ARA_JOURNAL_MIN_FREE)"
        + " plus the " + needed + " this event needs; free some space (or lower the reserve) and the next run"
        + " records again", null, false, false);
    this.free = free;
  }

  /** Bytes free on the journal's file system when the append was refused. */
  public long free() {
    return free;
  }
}
