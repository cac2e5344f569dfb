package org.arajournal.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.arajournal.event.Envelope;
import org.arajournal.journal.Frames;
import org.arajournal.journal.Journal;
import org.arajournal.journal.DiskSpace;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalFullException;
import org.arajournal.journal.LiveRuns;
import org.arajournal.journal.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreground half of ara-journal: appends every frame the callback streams in to the journal
 * and acknowledges them, so the callback knows what it may forget.
 *
 * <p>Acknowledgements are the count of frames appended so far, one decimal line each, written
 * when the input has nothing more buffered, at most once a second, and at end of input: the
 * callback never waits for them while the playbook runs, and needs them only to forget frames.
 */
public final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  // Each ack wakes a thread in Ansible's controller, and every wake-up after a fork of a worker
  // costs copy-on-write faults: a second bounds what the callback keeps (a second of frames) at
  // a tenth of the wake-ups of the 100 ms used before.
  private static final long ACK_INTERVAL_NANOS = 1_000_000_000L;

  private final Journal journal;
  private final Quarantine quarantine;
  private final long reserve;
  private final LiveMarks live;

  /** Records into {@code journal}, keeping {@link DiskSpace#DEFAULT_RESERVE} free on its disk. */
  public Recorder(Journal journal) {
    this(journal, DiskSpace.DEFAULT_RESERVE);
  }

  /** Records into {@code journal}, refusing to append once its disk has less than {@code reserve} bytes free. */
  public Recorder(Journal journal, long reserve) {
    this.journal = journal;
    this.quarantine = new Quarantine(journal);
    this.reserve = reserve;
    this.live = new LiveMarks(new LiveRuns(journal));
  }

  /** What one {@link #record} call did. */
  public record Summary(long appended, long quarantined, boolean truncated) {}

  /**
   * Appends every frame of {@code in} until its end, acknowledging on {@code acks}. Safe to call
   * from several threads at once, one input each: a shared recorder serves several runs.
   */
  public Summary record(InputStream in, OutputStream acks) throws IOException {
    Set<UUID> runs = new HashSet<>();
    try {
      return record(in, acks, runs);
    } finally {
      for (UUID run : runs) {
        live.release(run);
      }
    }
  }

  private Summary record(InputStream in, OutputStream acks, Set<UUID> runs) throws IOException {
    Frames frames = new Frames(in);
    long appended = 0;
    long quarantined = 0;
    boolean ackPending = false;
    long lastAck = System.nanoTime() - ACK_INTERVAL_NANOS;
    try (JournalAppender appender = journal.appender(reserve)) {
      while (true) {
        byte[] frame;
        try {
          frame = frames.next();
        } catch (Frames.TruncatedFrameException e) {
          // The callback died mid-write; it had not handed that frame over, so it is not lost to us.
          log.warn("recorder input ended mid-frame: {}", e.getMessage());
          acknowledge(acks, appended);
          return new Summary(appended, quarantined, true);
        }
        if (frame == null) {
          break;
        }
        Envelope event;
        try {
          event = quarantine.append(appender, frame, "recorder input");
        } catch (JournalFullException e) {
          return full(frames, acks, appended, quarantined, e);
        }
        if (event == null) {
          quarantined++;
        } else if (runs.add(event.run())) {
          live.acquire(event.run());
        }
        appended++;
        ackPending = true;
        if (in.available() > 0) {
          continue;
        }
        // Nothing to append: fault in the next pages now, not when the next event arrives.
        appender.touchAhead();
        // Each ack wakes a thread inside Ansible's controller: one per idle moment would be one per
        // event. The callback only needs them to forget frames, and gets a final one at end of input.
        long now = System.nanoTime();
        if (now - lastAck >= ACK_INTERVAL_NANOS) {
          acknowledge(acks, appended);
          ackPending = false;
          lastAck = now;
        }
      }
      if (ackPending) {
        acknowledge(acks, appended);
      }
    }
    return new Summary(appended, quarantined, false);
  }

  /**
   * The disk is full: nothing more is appended (a write the file system cannot back would damage
   * the journal). The callback is told from which frame on (one "full N" line: N frames were
   * appended), so it stops sending and says so once; the rest of the input is read and dropped,
   * so that Ansible never blocks on a full pipe.
   */
  private Summary full(Frames frames, OutputStream acks, long appended, long quarantined, JournalFullException e)
      throws IOException {
    log.warn("journal full after {} events of this input: {}", appended, e.getMessage());
    acknowledge(acks, appended);
    try {
      acks.write(("full " + appended + "\n").getBytes(StandardCharsets.US_ASCII));
      acks.flush();
    } catch (IOException gone) {
      log.debug("the callback is gone: {}", gone.getMessage());
    }
    long dropped = 1;
    try {
      while (frames.next() != null) {
        dropped++;
      }
    } catch (Frames.TruncatedFrameException cut) {
      // the callback died mid-write: nothing more to drop
    }
    log.warn("{} events not recorded: the journal's disk is full", dropped);
    return new Summary(appended, quarantined, false);
  }

  private static void acknowledge(OutputStream acks, long appended) {
    try {
      acks.write((appended + "\n").getBytes(StandardCharsets.US_ASCII));
      acks.flush();
    } catch (IOException e) {
      // The callback is gone (killed or finished): keep draining, acks no longer matter.
      log.debug("acknowledgement not delivered: {}", e.getMessage());
    }
  }
}
