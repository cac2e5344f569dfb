package org.arajournal.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.arajournal.event.EventCodec;
import org.arajournal.event.MalformedEventException;
import org.arajournal.journal.Frames;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreground half of ara-journal: appends every frame the callback streams in to the journal
 * and acknowledges them, so the callback knows what it may forget.
 *
 * <p>Acknowledgements are the count of frames appended so far, one decimal line each, written
 * whenever the input has nothing more buffered: the callback never waits for them while the
 * playbook runs.
 */
public final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final Journal journal;
  private final EventCodec codec;
  private final Quarantine quarantine;

  public Recorder(Journal journal, EventCodec codec) {
    this.journal = journal;
    this.codec = codec;
    this.quarantine = new Quarantine(journal, codec.mapper());
  }

  /** What one {@link #record} call did. */
  public record Summary(long appended, long quarantined, boolean truncated) {}

  /** Appends every frame of {@code in} until its end, acknowledging on {@code acks}. */
  public Summary record(InputStream in, OutputStream acks) throws IOException {
    Frames frames = new Frames(in);
    long appended = 0;
    long quarantined = 0;
    boolean ackPending = false;
    try (JournalAppender appender = journal.appender()) {
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
        if (!appendOne(appender, frame, "recorder input")) {
          quarantined++;
        }
        appended++;
        ackPending = true;
        if (in.available() == 0) {
          acknowledge(acks, appended);
          ackPending = false;
        }
      }
      if (ackPending) {
        acknowledge(acks, appended);
      }
    }
    return new Summary(appended, quarantined, false);
  }

  /**
   * Appends one frame, or its quarantine entry when it is not a valid event.
   *
   * @return whether the frame was a valid event
   */
  boolean appendOne(JournalAppender appender, byte[] frame, String source) {
    String error = validate(frame);
    if (error == null) {
      appender.append(frame);
      return true;
    }
    log.warn("quarantined a frame from {} ({} bytes): {}", source, frame.length, error);
    appender.append(quarantine.document(frame, error, source));
    return false;
  }

  private String validate(byte[] frame) {
    if (frame.length > Quarantine.MAX_EVENT) {
      return "event of " + frame.length + " bytes is larger than one journal excerpt ("
          + Quarantine.MAX_EVENT + ")";
    }
    try {
      codec.decode(new String(frame, StandardCharsets.UTF_8));
      return null;
    } catch (MalformedEventException e) {
      return e.getMessage();
    }
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
