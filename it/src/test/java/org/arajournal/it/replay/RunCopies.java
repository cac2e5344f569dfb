package org.arajournal.it.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.arajournal.event.Times;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;

/**
 * Makes a large journal out of one recorded run: copies of it as distinct runs (new run, play and
 * task ids, times shifted an hour per copy, the playbook file renamed {@code NAME-copyN.yml} so that
 * snapshots of two servers key each playbook the same way whatever order they were created in),
 * so that a test gets thousands of real results without waiting for Ansible on a small machine.
 */
final class RunCopies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunCopies() {}

  /** Writes {@code copies} copies of {@code source}'s only run into a new journal at {@code target}. */
  static Path write(Path source, Path target, int copies) {
    return write(source, target, 0, copies);
  }

  /**
   * Writes copies {@code first} to {@code first + copies - 1} of {@code source}'s only run into a new
   * journal at {@code target}: journals written with disjoint ranges hold distinct runs, newer the
   * higher the copy.
   */
  static Path write(Path source, Path target, int first, int copies) {
    List<ObjectNode> events = new ArrayList<>();
    try (Journal journal = Journal.open(source); JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        events.add((ObjectNode) JSON.readTree(entry.data()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String playbook = events.get(0).path("path").asText();
    try (Journal journal = Journal.open(target); JournalAppender appender = journal.appender()) {
      for (int copy = first; copy < first + copies; copy++) {
        String run = UUID.randomUUID().toString();
        Map<String, String> ids = new HashMap<>();
        Duration shift = Duration.ofHours(copy);
        String renamed = playbook.replaceFirst("(\\.ya?ml)?$", "-copy" + copy + "$1");
        for (ObjectNode original : events) {
          ObjectNode event = original.deepCopy();
          event.put("run", run);
          if (playbook.equals(event.path("path").asText(null))) {
            event.put("path", renamed);
          }
          for (String field : List.of("time", "started")) {
            if (event.path(field).isTextual()) {
              event.put(field, Times.format(Times.parse(event.path(field).asText()).plus(shift)));
            }
          }
          for (String field : List.of("uuid", "play_uuid", "task_uuid")) {
            JsonNode id = event.get(field);
            if (id != null && id.isTextual()) {
              event.put(field, ids.computeIfAbsent(id.asText(), old -> UUID.randomUUID().toString()));
            }
          }
          appender.append(JSON.writeValueAsBytes(event));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
