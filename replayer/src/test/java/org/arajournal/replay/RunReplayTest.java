package org.arajournal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraSettings;
import org.arajournal.ara.ConnectionMode;
import org.arajournal.ara.RetryPolicy;
import org.arajournal.checkpoint.DeadLetter;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API calls one recorded run turns into, per ARA version, against a stand-in server. */
class RunReplayTest {
  private static final UUID RUN = UUID.fromString("11111111-2222-3333-4444-555555555555");
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final String PLAY = "aaaa0000-0000-0000-0000-000000000001";
  private static final String TASK = "aaaa0000-0000-0000-0000-000000000002";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<Payload> payloads = new ArrayList<>();

  private static Instant at(int second) {
    return T0.plusSeconds(second);
  }

  private void standardRun(boolean failing, Payload end) {
    payloads.add(new Payload.PlaybookStarted("/p/site.yml", false, "2.14.18", "3.11.2", "ara-journal",
        JSON.createObjectNode().put("check", false), null, "alice"));
    payloads.add(new Payload.FileCaptured("/p/site.yml", "- hosts: all"));
    payloads.add(new Payload.PlayStarted("Play one", PLAY, "Renamed", List.of("a", "b")));
    payloads.add(new Payload.TaskStarted("Gather", TASK, PLAY, "gather_facts", "/p/site.yml", 3, List.of("t"), false));
    payloads.add(new Payload.HostStarted("h1", TASK));
    payloads.add(new Payload.ResultRecorded("h1", TASK, failing ? "failed" : "ok", List.of("h2"),
        JSON.createObjectNode().set("ansible_facts", JSON.createObjectNode().put("x", 1)), true, false, at(4)));
    if (failing) {
      payloads.add(new Payload.TaskFailed(TASK, "h1"));
    }
    payloads.add(new Payload.TaskEnded(TASK));
    payloads.add(new Payload.PlayEnded(PLAY));
    payloads.add(new Payload.HostStats("h1", 1, 1, failing ? 1 : 0, 0, 0, 0, 0));
    payloads.add(end);
  }

  private final List<UUID> runs = new ArrayList<>(List.of(RUN));

  private Journal journal() {
    Journal journal = Journal.open(dir.resolve("journal"));
    EventCodec codec = new EventCodec();
    try (JournalReader reader = journal.reader()) {
      if (reader.next() != null) {
        return journal; // written by an earlier replay of this test
      }
    }
    try (JournalAppender appender = journal.appender()) {
      for (UUID run : runs) {
        for (int i = 0; i < payloads.size(); i++) {
          appender.append(codec.encode(new Event(1, run, i + 1, at(i), payloads.get(i))).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return journal;
  }

  private ReplayReport replay(FakeAra ara, boolean closeIncomplete) {
    return replay(ara, closeIncomplete, false);
  }

  private ReplayReport replay(FakeAra ara, boolean closeIncomplete, boolean again) {
    return replay(ara, closeIncomplete, again, false);
  }

  private ReplayReport replay(FakeAra ara, boolean closeIncomplete, boolean again, boolean retryDeadLetters) {
    return replay(ara, closeIncomplete, again, retryDeadLetters, ConnectionMode.KEEP_ALIVE);
  }

  private ReplayReport replay(FakeAra ara, boolean closeIncomplete, boolean again, boolean retryDeadLetters,
      ConnectionMode mode) {
    AraSettings settings = new AraSettings(ara.url(), null, null, Duration.ofSeconds(5), null, null, null, false);
    try (Journal journal = journal();
        AraClient client = AraClient.connect(settings, 4, mode, RetryPolicy.DEFAULT);
        Progress progress = new Progress(null)) {
      return new Replayer(journal, client, new ReplayOptions(2, closeIncomplete, Duration.ofHours(24), again, Set.of(), retryDeadLetters),
          TargetState.open(dir.resolve("state"), journal.id(), settings.server()), progress).replay();
    }
  }

  private static String time(int second) {
    return Times.format(at(second));
  }

  @Test
  void sendsEveryTimeAsRecorded() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      assertTrue(replay(ara, false).success());
      assertEquals(time(0), ara.calls("POST", "playbooks").get(0).body().get("started").asText());
      assertEquals(time(2), ara.calls("POST", "plays").get(0).body().get("started").asText());
      assertEquals(time(3), ara.calls("POST", "tasks").get(0).body().get("started").asText());
      JsonNode result = ara.calls("POST", "results").get(0).body();
      assertEquals(time(4), result.get("started").asText());
      assertEquals(time(5), result.get("ended").asText());
      assertEquals(time(payloads.size() - 1), last(ara, "playbooks").body().get("ended").asText());
    }
  }

  /** A handler notified before and after a flush: Ansible starts the same task (uuid) twice. */
  private void handlerRunTwice() {
    String handler = "aaaa0000-0000-0000-0000-000000000009";
    payloads.add(new Payload.PlaybookStarted("/p/site.yml", false, "2.14.18", "3.11.2", "ara-journal",
        JSON.createObjectNode(), "controller", "alice"));
    payloads.add(new Payload.PlayStarted("Play one", PLAY, null, List.of()));
    payloads.add(new Payload.TaskStarted("notify", TASK, PLAY, "command", "/p/site.yml", 3, List.of(), false));
    payloads.add(new Payload.ResultRecorded("h1", TASK, "ok", List.of(), JSON.createObjectNode(), true, false, null));
    payloads.add(new Payload.TaskEnded(TASK));
    payloads.add(new Payload.TaskStarted("handler", handler, PLAY, "debug", "/p/site.yml", 9, List.of(), true));
    payloads.add(new Payload.ResultRecorded("h1", handler, "ok", List.of(), JSON.createObjectNode(), false, false,
        null));
    payloads.add(new Payload.TaskEnded(handler)); // 8
    payloads.add(new Payload.TaskStarted("notify", "aaaa0000-0000-0000-0000-00000000000a", PLAY, "command",
        "/p/site.yml", 5, List.of(), false));
    payloads.add(new Payload.TaskEnded("aaaa0000-0000-0000-0000-00000000000a"));
    payloads.add(new Payload.TaskStarted("handler", handler, PLAY, "debug", "/p/site.yml", 9, List.of(), true));
    payloads.add(new Payload.ResultRecorded("h2", handler, "ok", List.of(), JSON.createObjectNode(), false, false,
        null)); // 12
    payloads.add(new Payload.TaskEnded(handler)); // at time(12)
    payloads.add(new Payload.PlayEnded(PLAY));
    payloads.add(new Payload.PlaybookEnded("completed"));
  }

  @Test
  void aTaskThatStartsAgainIsOneAraTaskWithTheResultsOfEveryStart() throws Exception {
    handlerRunTwice();
    for (String version : List.of("1.5.8", "1.7.4")) {
      try (FakeAra ara = new FakeAra(version)) {
        assertTrue(replay(ara, false, true).success());
        assertEquals(3, ara.stored("tasks").size(), version + ": " + ara.stored("tasks"));
        long handler = ara.calls("POST", "tasks").stream().filter(c -> c.body().get("name").asText().equals("handler"))
            .findFirst().orElseThrow().body().path("lineno").asLong();
        assertEquals(9, handler);
        long handlerId = ara.stored("tasks").stream().filter(t -> t.get("name").asText().equals("handler"))
            .findFirst().orElseThrow().get("id").asLong();
        assertEquals(2, ara.stored("results").stream().filter(r -> r.get("task").asLong() == handlerId).count(),
            version + ": both runs' results on the one handler task: " + ara.stored("results"));
        assertEquals(time(12), ara.stored("tasks").stream().filter(t -> t.get("id").asLong() == handlerId)
            .findFirst().orElseThrow().get("ended").asText(), "it ends with its last run");
      }
    }
  }

  @Test
  void aResumedRunKeepsOneTaskForATaskThatStartedTwice() throws Exception {
    handlerRunTwice();
    try (FakeAra ara = new FakeAra("1.5.8")) {
      assertTrue(replay(ara, false).success());
      ara.stored.get("results").remove(ara.stored("results").get(2).get("id").asLong()); // killed before it

      assertTrue(replay(ara, false, true).success());
      assertEquals(3, ara.stored("tasks").size(), ara.stored("tasks").toString());
      assertEquals(3, ara.stored("results").size(), ara.stored("results").toString());
    }
  }

  @Test
  void recordsAreGotOrUpdatedByKeyAndTheirResultsShowWhatAraStored() throws Exception {
    payloads.add(new Payload.PlaybookStarted("/p/site.yml", false, "2.14.18", "3.11.2", "ara-journal",
        JSON.createObjectNode(), "controller", "alice"));
    payloads.add(new Payload.PlayStarted("Play one", PLAY, null, List.of()));
    payloads.add(new Payload.TaskStarted("record", TASK, PLAY, "ara_record", "/p/site.yml", 3, List.of(), false));
    for (String value : List.of("first", "last")) {
      payloads.add(new Payload.RecordWritten(TASK, "h1", "log", JSON.getNodeFactory().textNode(value), "text"));
      payloads.add(new Payload.ResultRecorded("h1", TASK, "ok", List.of(), JSON.createObjectNode().put("key", "log")
          .put("value", value).put("type", "text").putNull("playbook_id"), true, false, null));
    }
    payloads.add(new Payload.TaskEnded(TASK));
    payloads.add(new Payload.PlayEnded(PLAY));
    payloads.add(new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.5.8")) {
      assertTrue(replay(ara, false).success());

      assertEquals(1, ara.stored("records").size(), "one record per playbook and key: " + ara.stored("records"));
      assertEquals("last", ara.stored("records").get(0).get("value").asText(), "the last write wins");
      long playbook = ara.stored("playbooks").get(0).get("id").asLong();
      for (FakeAra.Call result : ara.calls("POST", "results")) {
        assertEquals(playbook, result.body().path("content").path("playbook_id").asLong(), result.body().toString());
      }
    }
  }

  @Test
  void speaksTheDialectOfAra17() throws Exception {
    standardRun(true, new Payload.PlaybookEnded("failed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      assertTrue(replay(ara, false).success());
      JsonNode playbook = ara.calls("POST", "playbooks").get(0).body();
      assertEquals("alice", playbook.get("user").asText());
      assertEquals("3.11.2", playbook.get("python_version").asText());
      assertEquals(TASK, ara.calls("POST", "tasks").get(0).body().get("uuid").asText());
      List<String> taskStatuses = ara.calls("PATCH", "tasks").stream().map(c -> c.body().get("status").asText())
          .collect(Collectors.toList());
      assertEquals(List.of("failed", "failed"), taskStatuses);
    }
  }

  @Test
  void speaksTheDialectOfAra15() throws Exception {
    standardRun(true, new Payload.PlaybookEnded("failed"));
    try (FakeAra ara = new FakeAra("1.5.8")) {
      assertTrue(replay(ara, false).success());
      JsonNode playbook = ara.calls("POST", "playbooks").get(0).body();
      assertFalse(playbook.has("user"));
      assertFalse(playbook.has("controller"), "1.5 refuses a null controller");
      assertFalse(ara.calls("POST", "tasks").get(0).body().has("uuid"));
      List<String> taskStatuses = ara.calls("PATCH", "tasks").stream().map(c -> c.body().get("status").asText())
          .collect(Collectors.toList());
      assertEquals(List.of("completed"), taskStatuses);
    }
  }

  @Test
  void savesFactsOfSetupTasksOnTheHost() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.5.8")) {
      replay(ara, false);
      assertEquals(1, ara.calls("PATCH", "hosts").stream().filter(c -> c.body().has("facts")).count());
    }
  }

  @Test
  void renamesAndLabelsThePlaybookBeforeCreatingThePlay() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, false);
      List<FakeAra.Call> patches = ara.calls("PATCH", "playbooks");
      assertEquals("Renamed", patches.get(0).body().get("name").asText());
      assertEquals(List.of("a", "b"), texts(patches.get(1).body().get("labels")));
      int labels = ara.calls.indexOf(patches.get(1));
      assertTrue(labels < ara.calls.indexOf(ara.calls("POST", "plays").get(0)));
    }
  }

  @Test
  void closesTheTaskOnlyAfterItsResults() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      replay(ara, false);
      assertTrue(ara.calls.indexOf(ara.calls("POST", "results").get(0))
          < ara.calls.indexOf(ara.calls("PATCH", "tasks").get(0)));
      // Reads may follow (the latest-hosts check after a run); no write may.
      List<FakeAra.Call> writes = ara.calls.stream().filter(c -> !c.method().equals("GET")).toList();
      assertEquals(writes.get(writes.size() - 1), last(ara, "playbooks"), "the playbook's end is the last write");
    }
  }

  @Test
  void anInterruptedRunEndsExpiredWithTheTaskAndPlayItCutShort() throws Exception {
    standardRun(false, new Payload.RunInterrupted("SIGINT"));
    // On a signal the callback records neither host stats nor the end of the cut-short task and play.
    payloads.removeIf(p -> p instanceof Payload.HostStats || p instanceof Payload.TaskEnded
        || p instanceof Payload.PlayEnded);
    try (FakeAra ara = new FakeAra("1.7.4")) {
      assertTrue(replay(ara, false).success());
      assertEquals("expired", last(ara, "playbooks").body().get("status").asText());
      assertEquals("expired", last(ara, "plays").body().get("status").asText());
      assertEquals("expired", last(ara, "tasks").body().get("status").asText());
    }
  }

  @Test
  void aRunWithoutAnEndIsClosedAsExpiredAtItsLastEvent() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    payloads.subList(6, payloads.size()).clear(); // killed after the first result
    try (FakeAra ara = new FakeAra("1.7.4")) {
      ReplayReport report = replay(ara, true);
      assertEquals("expired", report.delivered().get(0).status());
      JsonNode end = last(ara, "playbooks").body();
      assertEquals("expired", end.get("status").asText());
      assertEquals(time(5), end.get("ended").asText());
      assertEquals("expired", last(ara, "tasks").body().get("status").asText());
      assertEquals(1, ara.calls("POST", "results").size());
    }
  }

  @Test
  void keepsResultsOfATaskAnsibleNeverAnnounced() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    String handler = "aaaa0000-0000-0000-0000-0000000000ff";
    payloads.add(7, new Payload.ResultRecorded("h1", handler, "ok", List.of(), JSON.createObjectNode(), false, false, null));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      assertTrue(replay(ara, false).success());
      assertEquals(2, ara.calls("POST", "tasks").size());
      assertEquals(handler, ara.calls("POST", "tasks").get(1).body().get("uuid").asText());
      assertEquals(2, ara.calls("POST", "results").size());
    }
  }

  @Test
  void aServerNewerThan174GetsTheTasksWarningsExceptionsAndDeprecations() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    payloads.set(5, new Payload.ResultRecorded("h1", TASK, "ok", List.of(), JSON.createObjectNode()
        .put("exception", "boom").set("warnings", JSON.createArrayNode().add("careful").add("careful")), false, false,
        at(4)));
    try (FakeAra newer = new FakeAra("1.7.5"); FakeAra current = new FakeAra("1.7.4")) {
      replay(newer, false);
      JsonNode end = last(newer, "tasks").body();
      assertEquals(List.of("careful"), texts(end.get("warnings")));
      assertEquals(List.of("boom"), texts(end.get("exceptions")));
      assertEquals(0, end.get("deprecations").size());
      payloads.clear();
      standardRun(false, new Payload.PlaybookEnded("completed"));
      dir = dir.resolve("second");
      replay(current, false);
      assertFalse(last(current, "tasks").body().has("warnings"), "1.7.4 has no such fields");
    }
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundOnTheServerInsteadOfSentAgain() throws Exception {
    assertLostAnswersAreFoundNotSentAgain(ConnectionMode.KEEP_ALIVE);
  }

  @Test
  void aCreateWhoseAnswerWasLostOnASocketPerRequestIsFoundInsteadOfSentAgain() throws Exception {
    assertLostAnswersAreFoundNotSentAgain(ConnectionMode.CLOSE);
  }

  private void assertLostAnswersAreFoundNotSentAgain(ConnectionMode mode) throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      for (String resource : List.of("playbooks", "plays", "tasks", "results")) {
        ara.loseAnswersToCreates(resource, 1);
      }
      assertTrue(replay(ara, false, false, false, mode).success());
      for (String resource : List.of("playbooks", "plays", "tasks", "results")) {
        assertEquals(1, ara.stored(resource).size(), resource + " stored once");
      }
      assertEquals("completed", ara.stored("playbooks").get(0).get("status").asText());
    }
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundOnAra15ByPlayLineAndTime() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.5.8")) {
      ara.loseAnswersToCreates("tasks", 1);
      assertTrue(replay(ara, false).success());
      assertEquals(1, ara.stored("tasks").size());
    }
  }

  @Test
  void aReplayOfARunAraPartlyHoldsCreatesOnlyWhatIsMissing() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      assertTrue(replay(ara, false).success());
      long result = ara.stored("results").get(0).get("id").asLong();
      ara.stored.get("results").remove(result); // as if the replay had been killed before creating it
      int postsBefore = ara.calls("POST", "results").size();

      assertTrue(replay(ara, false, true).success());
      assertEquals(1, ara.stored("playbooks").size());
      assertEquals(1, ara.stored("plays").size());
      assertEquals(1, ara.stored("tasks").size());
      assertEquals(1, ara.stored("results").size());
      assertEquals(postsBefore + 1, ara.calls("POST", "results").size());
    }
  }

  @Test
  void aReplayOfARunAraHoldsWholeCreatesNothing() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.5.8")) {
      assertTrue(replay(ara, false).success());
      int posts = (int) ara.calls.stream().filter(c -> c.method().equals("POST")
          && !c.resource().equals("hosts") && !c.resource().equals("files")).count();

      assertTrue(replay(ara, false, true).success());
      assertEquals(posts, ara.calls.stream().filter(c -> c.method().equals("POST")
          && !c.resource().equals("hosts") && !c.resource().equals("files")).count());
    }
  }

  @Test
  void aResultTheServerRefusesBecomesADeadLetterAndTheRestIsDelivered() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      ara.refuseCreates("results");
      ReplayReport report = replay(ara, false);

      assertFalse(report.success(), "a refused event is not delivered");
      assertEquals(1, report.deadLetters());
      assertEquals("completed", ara.stored("playbooks").get(0).get("status").asText());
      assertEquals("completed", ara.stored("tasks").get(0).get("status").asText());
      List<DeadLetter> letters = deadLetters(ara);
      assertEquals(1, letters.size());
      assertEquals(6, letters.get(0).seq());
      assertEquals(400, letters.get(0).status());
      assertTrue(letters.get(0).reason().contains("not a valid choice"), letters.get(0).reason());
    }
  }

  @Test
  void theEventsOfARefusedTaskAreDeadLettersToo() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      ara.refuseCreates("tasks");
      ReplayReport report = replay(ara, false);

      List<String> types = deadLetters(ara).stream().map(DeadLetter::type).collect(Collectors.toList());
      assertEquals(List.of("task_started", "result", "task_ended"), types);
      assertEquals(0, deadLetters(ara).get(1).status(), "a dependent event was never sent");
      assertEquals(3, report.deadLetters());
      assertEquals("completed", ara.stored("plays").get(0).get("status").asText(), "the rest is delivered");
      assertEquals("completed", ara.stored("playbooks").get(0).get("status").asText());
    }
  }

  @Test
  void runsWithDeadLettersAreLeftAloneUntilTheirRetryIsAskedFor() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      ara.refuseCreates("results");
      replay(ara, false);
      ara.accept("results");

      ReplayReport plain = replay(ara, false);
      assertEquals(List.of(RUN), plain.alreadyDelivered());
      assertEquals(0, ara.stored("results").size());

      ReplayReport retry = replay(ara, false, false, true);
      assertTrue(retry.success());
      assertEquals(1, ara.stored("results").size());
      assertEquals(1, ara.stored("tasks").size(), "nothing else is created again");
      assertTrue(deadLetters(ara).isEmpty(), "the retried run's dead letters are gone");
    }
  }

  @Test
  void aRefusedPlaybookMakesTheWholeRunDeadLetters() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      ara.refuseCreates("playbooks");
      ReplayReport report = replay(ara, false);

      assertEquals(payloads.size(), report.deadLetters());
      assertEquals(400, deadLetters(ara).get(0).status());
      assertTrue(ara.calls("POST", "plays").isEmpty());
    }
  }

  @Test
  void copiesOfARunWithTheSamePathAndTimesBecomeOnePlaybookEach() throws Exception {
    standardRun(false, new Payload.PlaybookEnded("completed"));
    runs.add(UUID.fromString("22222222-2222-3333-4444-555555555555"));
    try (FakeAra ara = new FakeAra("1.7.4")) {
      assertTrue(replay(ara, false).success());
      assertEquals(2, ara.stored("playbooks").size());
      assertEquals(2, ara.stored("results").size());

      assertTrue(replay(ara, false, true).success(), "and each is found again as its own");
      assertEquals(2, ara.stored("playbooks").size());
      assertEquals(2, ara.stored("results").size());
    }
  }

  private List<DeadLetter> deadLetters(FakeAra ara) throws Exception {
    try (Journal journal = Journal.open(dir.resolve("journal"))) {
      AraSettings settings = new AraSettings(ara.url(), null, null, Duration.ofSeconds(5), null, null, null, false);
      return TargetState.open(dir.resolve("state"), journal.id(), settings.server()).deadLetters().all();
    }
  }

  private static FakeAra.Call last(FakeAra ara, String resource) {
    List<FakeAra.Call> patches = ara.calls("PATCH", resource);
    return patches.get(patches.size() - 1);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
