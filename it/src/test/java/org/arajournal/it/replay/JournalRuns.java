package org.arajournal.it.replay;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;

/** Every run a journal holds, in recording order, with what ARA must get of each: its start time and results. */
final class JournalRuns {
  private JournalRuns() {}

  /** What one recorded run must become in ARA. */
  record Run(UUID id, Instant started, int results) {}

  static List<Run> of(Path journal) {
    EventCodec codec = new EventCodec();
    Map<UUID, List<Event>> byRun = new LinkedHashMap<>();
    try (Journal opened = Journal.open(journal); JournalReader reader = opened.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        Event event = codec.decode(entry.text());
        byRun.computeIfAbsent(event.run(), k -> new ArrayList<>()).add(event);
      }
    }
    List<Run> runs = new ArrayList<>();
    byRun.forEach((id, events) -> runs.add(new Run(id,
        events.stream().filter(e -> e.payload() instanceof Payload.PlaybookStarted).map(Event::time).findFirst()
            .orElseThrow(() -> new AssertionError("run " + id + " in " + journal + " has no playbook_started")),
        (int) events.stream().filter(e -> e.payload() instanceof Payload.ResultRecorded).count())));
    return runs;
  }
}
