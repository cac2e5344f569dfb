package org.arajournal.it.replay;

import static org.arajournal.it.support.AraApi.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.arajournal.it.support.AraApi;
import org.arajournal.event.Event;
import org.arajournal.event.Payload;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a small playbook with the ara_journal callback, replays it into a fresh ARA server and
 * checks that ARA holds what ara_default records, with the journal's times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayedRunTest {
  private AraServer server;
  private AraApi api;
  private RecordedRun recorded;
  private Processes.Result replay;
  private JsonNode playbook;
  private Path journal;

  @BeforeAll
  void recordAndReplay(@TempDir Path dir) throws IOException {
    journal = RecordedRun.record(dir, "site.yml");
    recorded = RecordedRun.only(journal);
    server = AraServer.start(Files.createDirectories(dir.resolve("ara")));
    api = new AraApi(server.url());
    replay = ReplayCli.replay(journal, server.url());
    List<JsonNode> playbooks = api.list("playbooks?order=id");
    assertEquals(1, playbooks.size(), replay.output());
    playbook = api.get("playbooks/" + playbooks.get(0).get("id").asLong());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }


  private long playbookId() {
    return playbook.get("id").asLong();
  }

  @Test
  void exitsZeroAndNamesThePlaybookItCreated() {
    assertEquals(0, replay.exitCode(), replay.output());
    assertTrue(replay.output().contains(recorded.run + " completed " + server.url() + "/api/v1/playbooks/" + playbookId()),
        replay.output());
  }

  @Test
  void playbookCarriesTheRecordedFieldsStatusAndTimes() {
    Event started = recorded.first(Payload.PlaybookStarted.class);
    Event ended = recorded.first(Payload.PlaybookEnded.class);
    Payload.PlaybookStarted start = RecordedRun.payload(started);
    assertEquals(start.path(), playbook.get("path").asText());
    assertEquals(start.ansibleVersion(), playbook.get("ansible_version").asText());
    assertEquals(((Payload.PlaybookEnded) ended.payload()).status(), playbook.get("status").asText());
    assertEquals("completed", playbook.get("status").asText());
    assertEquals(started.time(), time(playbook, "started"));
    assertEquals(ended.time(), time(playbook, "ended"));
    assertEquals(start.arguments().get("inventory"), playbook.get("arguments").get("inventory"));
  }

  @Test
  void playbookNameComesFromThePlayThatSetIt() {
    assertEquals("replay integration test", playbook.get("name").asText());
  }

  @Test
  void labelsAreThoseOfTheLastPlayBecauseEachPlayReplacesThem() {
    List<Event> plays = recorded.all(Payload.PlayStarted.class);
    Payload.PlayStarted last = RecordedRun.payload(plays.get(plays.size() - 1));
    Set<String> labels = new TreeSet<>();
    playbook.get("labels").forEach(l -> labels.add(l.get("name").asText()));
    assertEquals(new TreeSet<>(last.labels()), labels);
    assertTrue(!labels.contains("replay-it"), "the first play's labels were replaced: " + labels);
  }

  @Test
  void playsHaveTheRecordedNamesUuidsStatusAndTimes() {
    List<JsonNode> plays = api.list("plays?order=id&playbook=" + playbookId());
    List<Event> starts = recorded.all(Payload.PlayStarted.class);
    assertEquals(starts.size(), plays.size());
    Map<String, Event> ends = new HashMap<>();
    recorded.all(Payload.PlayEnded.class).forEach(e -> ends.put(((Payload.PlayEnded) e.payload()).playUuid(), e));
    for (int i = 0; i < plays.size(); i++) {
      Payload.PlayStarted start = RecordedRun.payload(starts.get(i));
      JsonNode play = plays.get(i);
      assertEquals(start.name(), play.get("name").asText());
      assertEquals(start.uuid(), play.get("uuid").asText());
      assertEquals("completed", play.get("status").asText());
      assertEquals(starts.get(i).time(), time(play, "started"));
      assertEquals(ends.get(start.uuid()).time(), time(play, "ended"));
    }
  }

  @Test
  void tasksHaveTheRecordedFieldsStatusAndTimes() {
    List<JsonNode> tasks = api.list("tasks?order=id&playbook=" + playbookId());
    List<Event> starts = recorded.all(Payload.TaskStarted.class);
    assertEquals(starts.size(), tasks.size());
    Map<String, Event> ends = new HashMap<>();
    recorded.all(Payload.TaskEnded.class).forEach(e -> ends.put(((Payload.TaskEnded) e.payload()).taskUuid(), e));
    for (int i = 0; i < tasks.size(); i++) {
      Payload.TaskStarted start = RecordedRun.payload(starts.get(i));
      JsonNode task = tasks.get(i);
      assertEquals(start.name(), task.get("name").asText());
      assertEquals(start.action(), task.get("action").asText());
      assertEquals(start.lineno(), task.get("lineno").asInt());
      assertEquals(start.handler(), task.get("handler").asBoolean());
      assertEquals(start.path(), task.get("path").asText());
      List<String> tags = new ArrayList<>();
      task.get("tags").forEach(t -> tags.add(t.asText()));
      assertEquals(start.tags(), tags);
      assertEquals("completed", task.get("status").asText(), start.name());
      assertEquals(starts.get(i).time(), time(task, "started"), start.name());
      assertEquals(ends.get(start.uuid()).time(), time(task, "ended"), start.name());
    }
  }

  @Test
  void everyResultIsThereWithItsStatusHostsAndTimes() {
    List<JsonNode> results = api.list("results?order=id&playbook=" + playbookId());
    List<Event> recordedResults = recorded.all(Payload.ResultRecorded.class);
    assertEquals(recordedResults.size(), results.size());
    Map<Long, String> hostNames = new HashMap<>();
    api.list("hosts?order=id&playbook=" + playbookId()).forEach(h -> hostNames.put(h.get("id").asLong(), h.get("name").asText()));
    Map<String, Event> expected = new HashMap<>();
    Map<String, String> taskNames = new HashMap<>();
    recorded.all(Payload.TaskStarted.class).forEach(e -> {
      Payload.TaskStarted t = RecordedRun.payload(e);
      taskNames.put(t.uuid(), t.name());
    });
    for (Event e : recordedResults) {
      Payload.ResultRecorded r = RecordedRun.payload(e);
      expected.put(taskNames.get(r.taskUuid()) + "@" + r.host(), e);
    }
    Map<Long, String> taskNamesById = new HashMap<>();
    api.list("tasks?order=id&playbook=" + playbookId()).forEach(t -> taskNamesById.put(t.get("id").asLong(), t.get("name").asText()));
    for (JsonNode result : results) {
      String key = taskNamesById.get(result.get("task").asLong()) + "@" + hostNames.get(result.get("host").asLong());
      Event event = expected.get(key);
      assertTrue(event != null, "unexpected result " + key);
      Payload.ResultRecorded r = RecordedRun.payload(event);
      String status = r.status().equals("ok") && r.changed() ? "changed"
          : r.status().equals("failed") && r.ignoreErrors() ? "ignored" : r.status();
      assertEquals(status, result.get("status").asText(), key);
      assertEquals(event.time(), time(result, "ended"), key);
      assertEquals(r.started(), time(result, "started"), key);
      List<String> delegated = new ArrayList<>();
      result.get("delegated_to").forEach(id -> delegated.add(hostNames.get(id.asLong())));
      assertEquals(r.delegatedTo(), delegated, key);
    }
  }

  @Test
  void resultContentIsTheRecordedContent() {
    // Compared as multisets: two hosts' results of one task may reach ARA in either order.
    List<String> expected = new ArrayList<>();
    for (Event event : recorded.all(Payload.ResultRecorded.class)) {
      expected.add(((Payload.ResultRecorded) event.payload()).content().toString());
    }
    List<String> stored = new ArrayList<>();
    for (JsonNode result : api.list("results?order=id&playbook=" + playbookId())) {
      stored.add(api.get("results/" + result.get("id").asLong()).get("content").toString());
    }
    Collections.sort(expected);
    Collections.sort(stored);
    assertEquals(expected, stored);
  }

  @Test
  void hostsCarryTheirStatsAndFacts() {
    List<JsonNode> hosts = api.list("hosts?order=id&playbook=" + playbookId());
    Set<String> names = new HashSet<>();
    for (JsonNode host : hosts) {
      names.add(host.get("name").asText());
      Payload.HostStats stats = recorded.all(Payload.HostStats.class).stream()
          .map(e -> (Payload.HostStats) e.payload()).filter(s -> s.host().equals(host.get("name").asText()))
          .findFirst().orElseThrow();
      assertEquals(stats.ok(), host.get("ok").asInt());
      assertEquals(stats.changed(), host.get("changed").asInt());
      assertEquals(stats.failed(), host.get("failed").asInt());
      assertEquals(stats.skipped(), host.get("skipped").asInt());
      assertEquals(stats.unreachable(), host.get("unreachable").asInt());
      JsonNode detail = api.get("hosts/" + host.get("id").asLong());
      assertTrue(detail.get("facts").has("ansible_python_version") || detail.get("facts").size() > 0,
          "facts of the setup task are saved on " + host.get("name"));
    }
    assertEquals(Set.of("host1", "host2"), names);
  }

  @Test
  void filesAreTheRecordedFilesWithTheirContent() {
    List<JsonNode> files = api.list("files?order=id&playbook=" + playbookId());
    Map<String, String> recordedFiles = new HashMap<>();
    recorded.all(Payload.FileCaptured.class).forEach(e -> {
      Payload.FileCaptured f = RecordedRun.payload(e);
      recordedFiles.put(f.path(), f.content());
    });
    Set<String> paths = new HashSet<>();
    files.forEach(f -> paths.add(f.get("path").asText()));
    assertEquals(recordedFiles.keySet(), paths);
    JsonNode site = files.stream().filter(f -> f.get("path").asText().endsWith("site.yml")).findFirst().orElseThrow();
    assertEquals(recordedFiles.get(site.get("path").asText()), api.get("files/" + site.get("id").asLong())
        .get("content").asText());
  }

  @Test
  void aSecondReplaySendsNothingAgain() {
    Processes.Result again = ReplayCli.replay(journal, server.url());
    assertEquals(0, again.exitCode(), again.output());
    assertEquals(1, api.list("playbooks?order=id").size(), again.output());
    assertTrue(again.output().contains("1 delivered before"), again.output());
  }
}
