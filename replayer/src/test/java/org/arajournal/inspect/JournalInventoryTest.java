package org.arajournal.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalInventoryTest {
  @TempDir Path tmp;
  private final EventCodec codec = new EventCodec();
  private final UUID run = UUID.fromString("0b5f2c1e-8a55-4a3e-9c7a-2f1e7c0d9b11");
  private final Instant t0 = Instant.parse("2026-11-30T07:00:00Z");

  @Test
  void countsPlaysTasksResultsAndHostsOfACompletedRun() {
    RunSummary summary = only(
        new Payload.PlaybookStarted("/pb.yml", false, "2.14", "3.11", "x", null, "ctl", "me"),
        new Payload.PlayStarted("play", "p1", null, List.of()),
        new Payload.TaskStarted("t", "t1", "p1", "debug", "/pb.yml", 3, List.of(), false),
        result("web1"), result("web2"),
        new Payload.TaskStarted("t", "t2", "p1", "debug", "/pb.yml", 5, List.of(), false),
        result("web1"),
        new Payload.PlaybookEnded("completed"));

    assertEquals("/pb.yml", summary.path());
    assertEquals("completed", summary.status());
    assertEquals(1, summary.plays());
    assertEquals(2, summary.tasks());
    assertEquals(3, summary.results());
    assertEquals(2, summary.hosts());
    assertEquals(t0.plusSeconds(1), summary.started());
    assertEquals(t0.plusSeconds(8), summary.ended());
  }

  @Test
  void aRunWithoutAnEndIsIncomplete() {
    RunSummary summary = only(new Payload.PlaybookStarted("/pb.yml", false, "2.14", "3.11", "x", null, "c", "u"));

    assertEquals("incomplete", summary.status());
    assertNull(summary.ended());
  }

  @Test
  void aRunStoppedBySignalIsInterrupted() {
    RunSummary summary = only(new Payload.PlaybookStarted("/pb.yml", false, "2.14", "3.11", "x", null, "c", "u"),
        new Payload.RunInterrupted("SIGINT"));

    assertEquals("interrupted", summary.status());
  }

  @Test
  void listsQuarantinedEntriesAsProblems() {
    try (Journal journal = Journal.open(tmp); JournalAppender appender = journal.appender()) {
      appender.append("{\"type\":\"quarantined\",\"error\":\"not valid JSON\"}".getBytes(StandardCharsets.UTF_8));

      JournalInventory.Inventory inventory = new JournalInventory(codec).take(journal);

      assertEquals(List.of(new JournalInventory.Problem(inventory.problems().get(0).index(), "quarantined",
          "not valid JSON")), inventory.problems());
    }
  }

  private Payload result(String host) {
    return new Payload.ResultRecorded(host, "t1", "ok", List.of(), null, false, false, null);
  }

  private RunSummary only(Payload... payloads) {
    try (Journal journal = Journal.open(tmp); JournalAppender appender = journal.appender()) {
      long seq = 0;
      for (Payload payload : payloads) {
        seq++;
        Event event = new Event(1, run, seq, t0.plusSeconds(seq), payload);
        appender.append(codec.encode(event).getBytes(StandardCharsets.UTF_8));
      }
      List<RunSummary> runs = new JournalInventory(codec).take(journal).runs();
      assertEquals(1, runs.size());
      return runs.get(0);
    }
  }
}
