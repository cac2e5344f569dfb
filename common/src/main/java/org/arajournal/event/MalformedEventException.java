package org.arajournal.event;

/** A journal document that is not a valid event; the message says what is wrong with it. */
public final class MalformedEventException extends RuntimeException {
  public MalformedEventException(String message) {
    super(message);
  }
}
