package org.arajournal.journal;

/** A journal cannot be opened, read or written; the message names the path and the fix. */
public final class JournalException extends RuntimeException {
  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
