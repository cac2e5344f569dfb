package org.arajournal.it.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;

/** The events one run left in a journal: what a replay must reproduce in ARA. */
final class RecordedRun {
  final UUID run;
  final List<Event> events;

  private RecordedRun(UUID run, List<Event> events) {
    this.run = run;
    this.events = events;
  }

  /**
   * Records {@code playbook} (with the {@code inventory} and any other files named, all from the
   * test resources' {@code replay/}) with ara-journal into {@code dir/journal}; returns the journal.
   */
  static Path record(Path dir, String playbook, String... otherFiles) throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> files = new ArrayList<>(List.of(playbook, "inventory"));
    files.addAll(List.of(otherFiles));
    for (String name : files) {
      try (InputStream in = RecordedRun.class.getResourceAsStream("/replay/" + name)) {
        if (in == null) {
          throw new IllegalArgumentException("no test resource replay/" + name);
        }
        Files.copy(in, work.resolve(name));
      }
    }
    Path journal = dir.resolve("journal");
    Processes.Result run = Ansible.recordingInto(work, journal).run(work.resolve(playbook), "-i",
        work.resolve("inventory").toString());
    if (run.exitCode() != 0) {
      throw new AssertionError("recording " + playbook + " failed (exit " + run.exitCode() + "):\n" + run.output());
    }
    return journal;
  }

  /** The journal's only run; fails if it holds another number of runs. */
  static RecordedRun only(Path journal) {
    EventCodec codec = new EventCodec();
    List<Event> events = new ArrayList<>();
    try (Journal opened = Journal.open(journal); JournalReader reader = opened.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        events.add(codec.decode(entry.text()));
      }
    }
    List<UUID> runs = events.stream().map(Event::run).distinct().toList();
    if (runs.size() != 1) {
      throw new AssertionError("expected one run in " + journal + ", found " + runs);
    }
    return new RecordedRun(runs.get(0), events);
  }

  <T extends Payload> List<Event> all(Class<T> type) {
    return events.stream().filter(e -> type.isInstance(e.payload())).collect(Collectors.toList());
  }

  <T extends Payload> Event first(Class<T> type) {
    return events.stream().filter(e -> type.isInstance(e.payload())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " event in the journal"));
  }

  @SuppressWarnings("unchecked")
  static <T extends Payload> T payload(Event event) {
    return (T) event.payload();
  }
}
