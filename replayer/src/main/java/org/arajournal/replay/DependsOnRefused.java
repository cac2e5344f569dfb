package org.arajournal.replay;

/**
 * An event could not be sent because the server refused one it depends on ({@code seq}); that one
 * is a dead letter already, so this one only becomes a dead letter naming it.
 */
final class DependsOnRefused extends RuntimeException {
  private final long seq;

  DependsOnRefused(long seq) {
    super("depends on event " + seq + ", which the server refused", null, false, false);
    this.seq = seq;
  }

  /** The refused event this one depends on. */
  long seq() {
    return seq;
  }
}
