package org.arajournal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraSettings;
import org.arajournal.ara.ConnectionMode;
import org.arajournal.ara.RetryPolicy;
import org.arajournal.checkpoint.RunState;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery is incremental per run: a journal that holds more of a run than an earlier replay sent
 * (a newer copy, or the same journal later) sends the rest, and ARA ends as if the whole run had
 * been replayed once — also when the earlier replay closed the run as expired.
 */
class IncrementalDeliveryTest {
  private static final UUID RUN = UUID.fromString("11111111-2222-3333-4444-555555555555");
  private static final String PLAY = "aaaa0000-0000-0000-0000-000000000001";
  private static final String TASK_1 = "aaaa0000-0000-0000-0000-000000000002";
  private static final String TASK_2 = "aaaa0000-0000-0000-0000-000000000003";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventCodec CODEC = new EventCodec();

  @TempDir Path dir;

  /** A run of two tasks on two hosts; a copy taken mid-run holds the first {@code n} events. */
  private static final List<Payload> RUN_EVENTS = List.of(
      new Payload.PlaybookStarted("/p/site.yml", false, "2.14.18", "3.11.2", "ara-journal",
          JSON.createObjectNode(), "controller", "alice"),
      new Payload.FileCaptured("/p/site.yml", "- hosts: all"),
      new Payload.PlayStarted("Play", PLAY, null, List.of()),
      new Payload.TaskStarted("one", TASK_1, PLAY, "command", "/p/site.yml", 3, List.of(), false),
      new Payload.ResultRecorded("h1", TASK_1, "ok", List.of(), JSON.createObjectNode(), true, false, null),
      new Payload.ResultRecorded("h2", TASK_1, "ok", List.of(), JSON.createObjectNode(), true, false, null), // 6
      new Payload.TaskEnded(TASK_1),
      new Payload.TaskStarted("two", TASK_2, PLAY, "command", "/p/site.yml", 5, List.of(), false),
      new Payload.ResultRecorded("h1", TASK_2, "ok", List.of(), JSON.createObjectNode(), false, false, null), // 9
      new Payload.ResultRecorded("h2", TASK_2, "ok", List.of(), JSON.createObjectNode(), false, false, null),
      new Payload.TaskEnded(TASK_2),
      new Payload.PlayEnded(PLAY),
      new Payload.HostStats("h1", 2, 1, 0, 0, 0, 0, 0),
      new Payload.HostStats("h2", 2, 1, 0, 0, 0, 0, 0),
      new Payload.PlaybookEnded("completed"));

  private final Instant t0 = Instant.now().minusSeconds(60);
  private int appended;

  /** Appends the run's events up to number {@code upTo} (1-based) to the journal. */
  private void recordUpTo(int upTo) {
    try (Journal journal = Journal.open(dir.resolve("journal")); JournalAppender appender = journal.appender()) {
      for (; appended < upTo; appended++) {
        Event event = new Event(1, RUN, appended + 1, t0.plusSeconds(appended), RUN_EVENTS.get(appended));
        appender.append(CODEC.encode(event).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private ReplayReport replay(FakeAra ara, boolean closeIncomplete) {
    AraSettings settings = new AraSettings(ara.url(), null, null, Duration.ofSeconds(5), null, null, null, false);
    try (Journal journal = Journal.open(dir.resolve("journal"));
        AraClient client = AraClient.connect(settings, 4, ConnectionMode.KEEP_ALIVE, RetryPolicy.DEFAULT);
        Progress progress = new Progress(null)) {
      return new Replayer(journal, client, new ReplayOptions(2, closeIncomplete, Duration.ofHours(24), false, Set.of(),
          false), state(settings), progress).replay();
    }
  }

  private TargetState state(AraSettings settings) {
    try (Journal journal = Journal.open(dir.resolve("journal"))) {
      return TargetState.open(dir.resolve("state"), journal.id(), settings.server());
    }
  }

  private RunState ledger(FakeAra ara) {
    return state(new AraSettings(ara.url(), null, null, Duration.ofSeconds(5), null, null, null, false)).ledger()
        .state(RUN).orElseThrow();
  }

  private static ObjectNode only(FakeAra ara, String resource) {
    List<ObjectNode> stored = ara.stored(resource);
    assertEquals(1, stored.size(), resource + ": " + stored);
    return stored.get(0);
  }

  private static void assertWholeRun(FakeAra ara) {
    ObjectNode playbook = only(ara, "playbooks");
    assertEquals("completed", playbook.path("status").asText(), playbook.toString());
    assertTrue(playbook.path("ended").isTextual(), playbook.toString());
    assertEquals("completed", only(ara, "plays").path("status").asText());
    List<ObjectNode> tasks = ara.stored("tasks");
    assertEquals(2, tasks.size(), tasks.toString());
    tasks.forEach(task -> assertEquals("completed", task.path("status").asText(), task.toString()));
    assertEquals(4, ara.stored("results").size(), ara.stored("results").toString());
    assertEquals(2, ara.stored("hosts").size());
    ara.stored("hosts").forEach(host -> assertEquals(2, host.path("ok").asInt(), host.toString()));
  }

  @Test
  void aRunWithoutAnEndInACopyIsDeliveredAsFarAsItGoesAndLeftRunning() throws Exception {
    recordUpTo(9);
    try (FakeAra ara = new FakeAra("1.7.4")) {
      ReplayReport report = replay(ara, false);

      assertEquals(List.of(RUN), report.leftRunning());
      assertEquals("running", only(ara, "playbooks").path("status").asText());
      assertEquals(3, ara.stored("results").size());
      assertTrue(ara.calls("PATCH", "playbooks").isEmpty(), "nothing closes it: " + ara.calls);
      assertEquals(RunState.Stage.PARTIAL, ledger(ara).stage());
      assertEquals(9, ledger(ara).events());
    }
  }

  @Test
  void aLaterJournalDeliversTheRestOfARunLeftRunningOnce() throws Exception {
    recordUpTo(9);
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, false);
      recordUpTo(RUN_EVENTS.size());

      ReplayReport report = replay(ara, false);

      assertEquals("completed", report.delivered().get(0).status());
      assertWholeRun(ara);
      assertEquals(4, ara.calls("POST", "results").size(), "each result sent once");
      assertEquals(RunState.Stage.DELIVERED, ledger(ara).stage());
    }
  }

  @Test
  void aRunClosedAsExpiredIsCompletedByALaterJournal() throws Exception {
    recordUpTo(6);
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, true);
      assertEquals("expired", only(ara, "playbooks").path("status").asText());
      assertEquals(RunState.Stage.CLOSED, ledger(ara).stage());
      recordUpTo(RUN_EVENTS.size());

      replay(ara, false);

      assertWholeRun(ara);
      assertEquals(4, ara.calls("POST", "results").size(), "each result sent once");
    }
  }

  @Test
  void aClosedRunThatGoesOnWithoutAnEndIsOpenAgain() throws Exception {
    recordUpTo(6);
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, true);
      recordUpTo(9);

      replay(ara, false);

      ObjectNode playbook = only(ara, "playbooks");
      assertEquals("running", playbook.path("status").asText());
      assertTrue(playbook.path("ended").isNull(), playbook.toString());
      assertEquals("running", only(ara, "plays").path("status").asText());
      JsonNode secondTask = ara.stored("tasks").stream().filter(t -> t.path("uuid").asText().equals(TASK_2))
          .findFirst().orElseThrow();
      assertEquals("running", secondTask.path("status").asText());
      JsonNode firstTask = ara.stored("tasks").stream().filter(t -> t.path("uuid").asText().equals(TASK_1))
          .findFirst().orElseThrow();
      assertEquals("completed", firstTask.path("status").asText(), "its end arrived in the later journal");
      assertEquals(RunState.Stage.PARTIAL, ledger(ara).stage());
    }
  }

  @Test
  void aRunWithNothingNewIsNotSentAgain() throws Exception {
    recordUpTo(9);
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, false);
      int calls = ara.calls.size();

      ReplayReport report = replay(ara, false);

      assertEquals(List.of(RUN), report.leftRunning());
      assertEquals(calls, ara.calls.size(), "no call: " + ara.calls.subList(calls, ara.calls.size()));
    }
  }

  @Test
  void aDeadRunInTheJournalItsRecordersWriteIsClosedAtOnce() throws Exception {
    recordUpTo(6);
    new JournalOrigin(dir.resolve("journal")).claim();
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, false);

      assertEquals("expired", only(ara, "playbooks").path("status").asText());
      assertEquals(RunState.Stage.CLOSED, ledger(ara).stage());
    }
  }

  @Test
  void aCopyOfAJournalIsNotWhereItsRecordersWrite() throws Exception {
    recordUpTo(1);
    new JournalOrigin(dir.resolve("journal")).claim();
    java.nio.file.Files.createDirectories(dir.resolve("copy"));
    java.nio.file.Files.copy(dir.resolve("journal/origin"), dir.resolve("copy/origin"));

    assertTrue(new JournalOrigin(dir.resolve("journal")).isHere());
    assertTrue(!new JournalOrigin(dir.resolve("copy")).isHere());
  }
}
