package org.arajournal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.MalformedEventException;
import org.arajournal.event.Payload;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;

/** Reads a whole journal once and summarises its runs and its unusable entries. */
public final class JournalInventory {
  private final EventCodec codec;

  public JournalInventory(EventCodec codec) {
    this.codec = codec;
  }

  /** An entry that is not an event: quarantined by the recorder, or unreadable now. */
  public record Problem(long index, String kind, String error) {}

  /** The journal's runs in order of first appearance, and its problem entries. */
  public record Inventory(String journalId, List<RunSummary> runs, List<Problem> problems) {}

  public Inventory take(Journal journal) {
    Map<UUID, Tally> tallies = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    try (JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        Event event;
        try {
          event = codec.decode(entry.text());
        } catch (MalformedEventException e) {
          problems.add(problem(entry, e));
          continue;
        }
        tallies.computeIfAbsent(event.run(), Tally::new).add(event);
      }
    }
    List<RunSummary> runs = new ArrayList<>();
    for (Tally tally : tallies.values()) {
      runs.add(tally.summary());
    }
    return new Inventory(journal.id(), runs, problems);
  }

  private Problem problem(RawEntry entry, MalformedEventException e) {
    try {
      JsonNode node = codec.mapper().readTree(entry.data());
      if (node != null && "quarantined".equals(node.path("type").asText())) {
        return new Problem(entry.index(), "quarantined", node.path("error").asText());
      }
    } catch (IOException ignored) {
      // not JSON at all: reported as unreadable below
    }
    return new Problem(entry.index(), "unreadable", e.getMessage());
  }

  private static final class Tally {
    private final UUID run;
    private String path;
    private Instant started;
    private Instant ended;
    private String status = "incomplete";
    private long events;
    private final Set<String> plays = new HashSet<>();
    private final Set<String> tasks = new HashSet<>();
    private int results;
    private final Set<String> hosts = new HashSet<>();

    Tally(UUID run) {
      this.run = run;
    }

    void add(Event event) {
      events++;
      Payload payload = event.payload();
      if (payload instanceof Payload.PlaybookStarted p) {
        path = p.path();
        started = event.time();
      } else if (payload instanceof Payload.PlayStarted p) {
        plays.add(p.uuid());
      } else if (payload instanceof Payload.TaskStarted t) {
        tasks.add(t.uuid());
      } else if (payload instanceof Payload.ResultRecorded r) {
        results++;
        hosts.add(r.host());
      } else if (payload instanceof Payload.HostStats s) {
        hosts.add(s.host());
      } else if (payload instanceof Payload.PlaybookEnded e) {
        ended = event.time();
        status = e.status();
      } else if (payload instanceof Payload.RunInterrupted) {
        ended = event.time();
        status = "interrupted";
      }
    }

    RunSummary summary() {
      return new RunSummary(run, path, started, ended, status, events, plays.size(), tasks.size(), results, hosts.size());
    }
  }
}
