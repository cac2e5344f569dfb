package org.arajournal.bench;

/**
 * Paces calls at a steady 10,000 a second by spinning before each one. A busy spin, not a park,
 * so caches stay as warm as a recorder's between events (a parked thread wakes cold).
 */
final class SteadyRate {
  private static final long GAP_NANOS = 100_000;
  private long due = System.nanoTime();

  /** Returns when the next call is due; called outside the measured time. */
  void awaitNext() {
    due += GAP_NANOS;
    long now;
    while ((now = System.nanoTime()) < due) {
      Thread.onSpinWait();
    }
    if (now - due > GAP_NANOS) {
      due = now; // behind (a GC, a descheduled thread): carry on from now, do not burst to catch up
    }
  }
}
