package org.arajournal.replay;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.arajournal.event.Envelope;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;

/**
 * Reads one run's entries from the journal in order, skipping other runs' cheaply (by their
 * envelope): up to the run's last indexed entry, or, following a run while it is recorded, until
 * its end or until nobody records it any more.
 */
final class RunCursor implements AutoCloseable {
  /** How often a followed run looks for new events: a small share of the 1 s an event may take to reach ARA. */
  private static final Duration FOLLOW_POLL = Duration.ofMillis(20);
  /**
   * How often a followed run without new events asks whether anything still records it: a lock
   * probe and a spool listing, worth doing less often than the cheap look for new events.
   */
  static final Duration LIVENESS_CHECK = Duration.ofMillis(100);

  /** Why the cursor has no more entries. */
  enum Stop {
    /** The journal holds nothing more of the run that this replay is to send. */
    END,
    /** A followed run has no end and nothing records it any more. */
    ABANDONED,
    /** The replay was asked to stop. */
    STOPPED
  }

  /** One entry of the run and its envelope. */
  record RunEntry(RawEntry entry, Envelope envelope) {}

  private final RunInfo info;
  private final JournalReader reader;
  private final BooleanSupplier stopping;
  private final BooleanSupplier stillRecording;
  private Stop stop;
  private boolean ended;
  private long entries;
  private long livenessCheckedAt = System.nanoTime() - LIVENESS_CHECK.toNanos();

  /**
   * @param stillRecording null to read up to the run's last indexed entry; otherwise follow the
   *     run until its end, or until this says nobody records it any more
   */
  RunCursor(Journal journal, RunInfo info, BooleanSupplier stopping, BooleanSupplier stillRecording) {
    this.info = info;
    this.stopping = stopping;
    this.stillRecording = stillRecording;
    this.reader = journal.reader();
    if (info.startAfter() >= 0 && !reader.seekAfter(info.startAfter())) {
      reader.close();
      throw new IllegalStateException("journal entry " + info.startAfter() + " vanished while replaying run "
          + info.run() + "; was the journal truncated?");
    }
  }

  /** The run's next entry, or null when there is none to send now: {@link #stop} says why. */
  RunEntry next() {
    while (stop == null) {
      if (stopping.getAsBoolean()) {
        stop = Stop.STOPPED;
        return null;
      }
      RawEntry entry = reader.next();
      if (entry == null) {
        if (stillRecording == null) {
          stop = Stop.END;
          return null;
        }
        if (stillRecorded()) {
          LockSupport.parkNanos(FOLLOW_POLL.toNanos());
          continue;
        }
        entry = reader.next(); // what the recorder appended just before it went
        if (entry == null) {
          stop = Stop.ABANDONED;
          return null;
        }
      }
      Envelope envelope = Envelope.peek(entry.data());
      boolean mine = envelope != null && envelope.run().equals(info.run());
      if (mine) {
        entries++;
        ended |= envelope.endsRun();
      }
      if (stillRecording == null ? entry.index() >= info.lastIndex() : ended) {
        stop = Stop.END;
      }
      if (mine) {
        return new RunEntry(entry, envelope);
      }
    }
    return null;
  }

  /** Whether the followed run may still grow: asked of {@code stillRecording} once per {@link #LIVENESS_CHECK}. */
  private boolean stillRecorded() {
    long now = System.nanoTime();
    if (now - livenessCheckedAt < LIVENESS_CHECK.toNanos()) {
      return true;
    }
    livenessCheckedAt = now;
    return stillRecording.getAsBoolean();
  }

  /** Why there are no more entries, or null while there may be. */
  Stop stop() {
    return stop;
  }

  /** Whether the run's own end (playbook end or signal) was among its entries read. */
  boolean ended() {
    return ended;
  }

  /** Entries of the run read, duplicates included: how far a later replay is to look for more. */
  long entries() {
    return entries;
  }

  @Override
  public void close() {
    reader.close();
  }
}
