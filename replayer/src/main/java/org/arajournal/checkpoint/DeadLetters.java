package org.arajournal.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arajournal.fs.DurableFiles;

/**
 * The events a server refused, one JSON document per line, appended as they happen. Retrying a
 * run's dead letters first drops that run's lines: the retry records afresh what is still refused.
 */
public final class DeadLetters {
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  public DeadLetters(Path file) {
    this.file = file;
  }

  public synchronized void add(DeadLetter letter) {
    try {
      DurableFiles.appendForced(file, line(letter).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dead-letter file " + file + " (" + e.getMessage()
          + "); the refused event " + letter.run() + "#" + letter.seq() + " would be forgotten", e);
    }
  }

  /** Every dead letter on file, oldest first; a line torn by a crash is skipped. */
  public synchronized List<DeadLetter> all() throws IOException {
    List<DeadLetter> letters = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return letters;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      try {
        JsonNode node = json.readTree(line);
        letters.add(new DeadLetter(UUID.fromString(node.get("run").asText()), node.get("seq").asLong(),
            node.get("type").asText(), node.get("status").asInt(), node.get("reason").asText(),
            Instant.parse(node.get("at").asText())));
      } catch (IOException | RuntimeException torn) {
        // only the last line can be torn (appends are forced one by one)
      }
    }
    return letters;
  }

  /** Drops the dead letters of {@code runs}, atomically, before they are tried again. */
  public synchronized void forget(Set<UUID> runs) throws IOException {
    if (runs.isEmpty() || !Files.isRegularFile(file)) {
      return;
    }
    StringBuilder kept = new StringBuilder();
    for (DeadLetter letter : all()) {
      if (!runs.contains(letter.run())) {
        kept.append(line(letter));
      }
    }
    new AtomicFile(file).write(kept.toString().getBytes(StandardCharsets.UTF_8));
  }

  private String line(DeadLetter letter) throws IOException {
    ObjectNode line = json.createObjectNode().put("run", letter.run().toString()).put("seq", letter.seq())
        .put("type", letter.type()).put("status", letter.status()).put("reason", letter.reason())
        .put("at", letter.at().toString());
    return json.writeValueAsString(line) + "\n";
  }

  public Path file() {
    return file;
  }
}
