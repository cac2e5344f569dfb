package org.arajournal.it.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;

/**
 * Everything a journal directory holds, read through the project's own journal classes: its events
 * grouped by run in journal order. Any entry that is not an event fails the test.
 */
final class JournalContents {
  private final Map<UUID, List<RecordedEvent>> runs;

  private JournalContents(Map<UUID, List<RecordedEvent>> runs) {
    this.runs = runs;
  }

  /** Reads {@code dir}, which must already be a journal (reading must not create one). */
  static JournalContents read(Path dir) {
    if (!Files.isRegularFile(dir.resolve("journal-id"))) {
      throw new AssertionError(dir + " is not a journal yet (no journal-id)");
    }
    EventCodec codec = new EventCodec();
    Map<UUID, List<RecordedEvent>> runs = new LinkedHashMap<>();
    try (Journal journal = Journal.open(dir); JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        JsonNode json;
        try {
          json = codec.mapper().readTree(entry.data());
        } catch (IOException e) {
          throw new UncheckedIOException("journal entry " + entry.index() + " is not JSON", e);
        }
        Event event = codec.decode(entry.text());
        runs.computeIfAbsent(event.run(), r -> new ArrayList<>()).add(new RecordedEvent(event, json));
      }
    }
    return new JournalContents(runs);
  }

  /** Events of every run, keyed by run in order of first appearance. */
  Map<UUID, List<RecordedEvent>> runs() {
    return runs;
  }

  /** The events of the only run in the journal; fails if there is not exactly one. */
  List<RecordedEvent> onlyRun() {
    if (runs.size() != 1) {
      throw new AssertionError("expected exactly one run in the journal, found " + runs.size() + ": " + runs.keySet());
    }
    return runs.values().iterator().next();
  }

  /** The events of the run that recorded the playbook file {@code playbook}. */
  List<RecordedEvent> runOf(Path playbook) {
    String path = playbook.toAbsolutePath().toString();
    return runs.values().stream()
        .filter(events -> !events.isEmpty() && events.get(0).type().equals("playbook_started")
            && path.equals(events.get(0).text("path")))
        .reduce((a, b) -> {
          throw new AssertionError("more than one run of " + path + " in the journal");
        })
        .orElseThrow(() -> new AssertionError("no run of " + path + " in the journal; runs: " + runs));
  }
}
