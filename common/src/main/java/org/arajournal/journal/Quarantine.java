package org.arajournal.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.arajournal.event.Envelope;
import org.arajournal.event.MalformedEventException;
import org.arajournal.event.Times;
import org.arajournal.fs.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the recorder could not take as an event: a {@code quarantined} journal entry with the
 * error and the original bytes, so nothing is dropped and a later version can still recover it.
 */
public final class Quarantine {
  private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

  /** Frames above this go to a side file next to the queue; the entry points at it. */
  public static final int MAX_INLINE = (int) (Journal.BLOCK_SIZE / 8);

  /** The largest event kept inline: Chronicle refuses excerpts above a quarter block. */
  public static final int MAX_EVENT = (int) (Journal.BLOCK_SIZE / 4) - 4096;

  // Streaming, not an ObjectMapper: the recorder loads no part of Jackson's databind, which cost
  // every recorder start CPU for a document it writes only when something is wrong.
  private static final JsonFactory JSON = new JsonFactory();

  private final Journal journal;

  public Quarantine(Journal journal) {
    this.journal = journal;
  }

  /**
   * Appends one frame from {@code source} (for the log and the entry) as an event, or its
   * quarantine entry when it is not a valid event or too large for one excerpt.
   *
   * @return the frame's envelope, or {@code null} when it was quarantined
   */
  public Envelope append(JournalAppender appender, byte[] frame, String source) {
    String error;
    if (frame.length > MAX_EVENT) {
      error = "event of " + frame.length + " bytes is larger than one journal excerpt (" + MAX_EVENT + ")";
    } else {
      try {
        Envelope envelope = Envelope.read(frame);
        appender.append(frame);
        return envelope;
      } catch (MalformedEventException e) {
        error = e.getMessage();
      }
    }
    log.warn("quarantined a frame from {} ({} bytes): {}", source, frame.length, error);
    appender.append(document(frame, error, source));
    return null;
  }

  /** Builds the quarantine document for {@code raw}, spilling large frames to a side file. */
  public byte[] document(byte[] raw, String error, String source) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + Math.min(raw.length, MAX_INLINE) * 4 / 3);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", "quarantined");
      json.writeStringField("time", Times.format(Instant.now()));
      json.writeStringField("error", error);
      json.writeStringField("source", source);
      json.writeNumberField("size", raw.length);
      if (raw.length <= MAX_INLINE) {
        json.writeStringField("raw_base64", Base64.getEncoder().encodeToString(raw));
      } else {
        json.writeStringField("raw_file", spill(raw).toString());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private Path spill(byte[] raw) {
    try {
      Path dir = journal.dir().resolve("quarantine");
      DurableFiles.createPrivateDirectory(dir);
      Path file = dir.resolve(UUID.randomUUID() + ".frame");
      Files.write(file, raw);
      Files.setPosixFilePermissions(file, DurableFiles.FILE_MODE);
      return journal.dir().relativize(file);
    } catch (IOException e) {
      throw new JournalException("cannot keep a quarantined frame in " + journal.dir(), e);
    }
  }
}
