package org.arajournal.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.arajournal.event.Times;

/**
 * Keeps what the recorder could not take as an event: a {@code quarantined} journal entry with the
 * error and the original bytes, so nothing is dropped and a later version can still recover it.
 */
public final class Quarantine {
  /** Frames above this go to a side file next to the queue; the entry points at it. */
  public static final int MAX_INLINE = (int) (Journal.BLOCK_SIZE / 8);

  /** The largest event kept inline: Chronicle refuses excerpts above a quarter block. */
  public static final int MAX_EVENT = (int) (Journal.BLOCK_SIZE / 4) - 4096;

  private final Journal journal;
  private final ObjectMapper mapper;

  public Quarantine(Journal journal, ObjectMapper mapper) {
    this.journal = journal;
    this.mapper = mapper;
  }

  /** Builds the quarantine document for {@code raw}, spilling large frames to a side file. */
  public byte[] document(byte[] raw, String error, String source) {
    ObjectNode node = mapper.createObjectNode();
    node.put("type", "quarantined");
    node.put("time", Times.format(Instant.now()));
    node.put("error", error);
    node.put("source", source);
    node.put("size", raw.length);
    if (raw.length <= MAX_INLINE) {
      node.put("raw_base64", Base64.getEncoder().encodeToString(raw));
    } else {
      node.put("raw_file", spill(raw).toString());
    }
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path spill(byte[] raw) {
    try {
      Path dir = journal.dir().resolve("quarantine");
      Journal.createPrivateDirectory(dir);
      Path file = dir.resolve(UUID.randomUUID() + ".frame");
      Files.write(file, raw);
      Files.setPosixFilePermissions(file, Journal.FILE_MODE);
      return journal.dir().relativize(file);
    } catch (IOException e) {
      throw new JournalException("cannot keep a quarantined frame in " + journal.dir(), e);
    }
  }
}
