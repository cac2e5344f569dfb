package org.arajournal.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.arajournal.event.Envelope;
import org.arajournal.event.EventCodec;
import org.arajournal.event.EventType;
import org.arajournal.event.MalformedEventException;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pass over a journal that finds its runs; memory grows with the number of runs only. */
public final class RunIndexer {
  private static final Logger log = LoggerFactory.getLogger(RunIndexer.class);

  /**
   * The runs in order of first appearance, and the entries that are not events (quarantined or
   * unreadable): how many, and the indices of the first {@link #NAMED} thousand.
   */
  public record Index(List<RunInfo> runs, long skippedEntries, List<Long> skippedIndices) {}

  private static final class Builder {
    final UUID run;
    final long startAfter;
    long firstIndex = -1;
    long lastIndex;
    long events;
    long results;
    boolean started;
    boolean ended;
    java.time.Instant lastTime;

    Builder(UUID run, long startAfter) {
      this.run = run;
      this.startAfter = startAfter;
    }

    RunInfo build() {
      return new RunInfo(run, startAfter, lastIndex, events, results, started, ended, lastTime, firstIndex);
    }
  }

  /** Entries that are not events named one by one in the log; `inspect` lists them all. */
  private static final int NAMED = 20;

  private final EventCodec codec = new EventCodec();

  private String why(RawEntry entry) {
    String text = entry.text();
    if (text.startsWith("{\"type\":\"quarantined\"")) {
      return "the recorder quarantined a frame it could not read (`ara-journal inspect` shows why)";
    }
    try {
      codec.decode(entry.text());
      return "its envelope is incomplete";
    } catch (MalformedEventException e) {
      return e.getMessage();
    }
  }

  /** Reads {@code journal} once. */
  public Index index(Journal journal) {
    Map<UUID, Builder> runs = new LinkedHashMap<>();
    List<Long> skippedIndices = new ArrayList<>();
    long skipped = 0;
    long previous = -1;
    try (JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        Envelope key = Envelope.peek(entry.data());
        if (key == null) {
          skipped++;
          if (skippedIndices.size() < NAMED * 1000) {
            skippedIndices.add(entry.index());
          }
          if (skipped <= NAMED) {
            log.warn("journal entry {} is not an event and is not replayed: {}", entry.index(), why(entry));
          }
        } else {
          long startAfter = previous;
          Builder run = runs.computeIfAbsent(key.run(), r -> new Builder(r, startAfter));
          if (run.firstIndex < 0) {
            run.firstIndex = entry.index();
          }
          run.lastIndex = entry.index();
          run.events++;
          if (key.eventType() == EventType.RESULT) run.results++;
          if (key.eventType() == EventType.PLAYBOOK_STARTED) run.started = true;
          if (key.endsRun()) run.ended = true;
          if (run.lastTime == null || key.time().isAfter(run.lastTime)) run.lastTime = key.time();
        }
        previous = entry.index();
      }
    }
    List<RunInfo> infos = new ArrayList<>(runs.size());
    runs.values().forEach(b -> infos.add(b.build()));
    return new Index(infos, skipped, List.copyOf(skippedIndices));
  }
}
