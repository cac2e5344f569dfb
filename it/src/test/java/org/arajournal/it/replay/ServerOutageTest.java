package org.arajournal.it.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arajournal.event.Event;
import org.arajournal.event.Payload;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay started while the ARA server is down says so once, waits, and delivers everything
 * exactly once as soon as the server comes up, without being restarted.
 */
class ServerOutageTest {
  @Test
  void aReplayStartedBeforeTheServerWaitsForItAndDeliversEveryResultOnce(@TempDir Path dir) throws Exception {
    Path journal = RecordedRun.record(dir, "site.yml");
    RecordedRun recorded = RecordedRun.only(journal);

    // Migrate first (it does not listen), so the outage lasts only as long as the server's start.
    AraServer.Migrated ara = AraServer.migrate(Files.createDirectories(dir.resolve("ara")));
    int port = AraServer.freePort();
    String url = "http://127.0.0.1:" + port;
    File output = dir.resolve("replay.out").toFile();
    Process replay = Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(),
        "--to", url, "--give-up-after", "5m"), Map.of(), dir, output);
    try {
      await("the replay to report the server unreachable").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            if (!replay.isAlive()) {
              throw new AssertionError("the replay ended while the server was down:\n" + read(output));
            }
            return read(output).contains("unreachable since");
          });
      try (AraServer server = ara.serve(port)) {
        if (!replay.waitFor(90, TimeUnit.SECONDS)) {
          throw new AssertionError("the replay did not finish after the server came up:\n" + read(output));
        }
        String log = read(output);
        assertEquals(0, replay.exitValue(), log);
        assertEquals(1, lines(log, "WARN", "unreachable since"), "one line when the outage starts:\n" + log);
        assertEquals(1, lines(log, "INFO", "is reachable again after"), "one line when it ends:\n" + log);

        AraApi api = new AraApi(url);
        long playbook = api.onlyPlaybook().get("id").asLong();
        assertEquals(expectedResults(recorded), storedResults(api, playbook),
            "every result exactly once; the replay said:\n" + log);
        assertEquals(recorded.all(Payload.TaskStarted.class).size(), api.list("tasks?playbook=" + playbook).size());
        assertEquals(recorded.all(Payload.PlayStarted.class).size(), api.list("plays?playbook=" + playbook).size());
        assertEquals("completed", api.get("playbooks/" + playbook).get("status").asText());
      }
    } finally {
      replay.descendants().forEach(ProcessHandle::destroyForcibly);
      replay.destroyForcibly();
    }
  }

  /** "task name@host" of every recorded result, sorted: a multiset. */
  private static List<String> expectedResults(RecordedRun recorded) {
    Map<String, String> taskNames = new HashMap<>();
    recorded.all(Payload.TaskStarted.class).forEach(e -> {
      Payload.TaskStarted task = RecordedRun.payload(e);
      taskNames.put(task.uuid(), task.name());
    });
    List<String> keys = new ArrayList<>();
    for (Event event : recorded.all(Payload.ResultRecorded.class)) {
      Payload.ResultRecorded result = RecordedRun.payload(event);
      keys.add(taskNames.get(result.taskUuid()) + "@" + result.host());
    }
    Collections.sort(keys);
    return keys;
  }

  private static List<String> storedResults(AraApi api, long playbook) {
    Map<Long, String> hosts = new HashMap<>();
    api.list("hosts?playbook=" + playbook).forEach(h -> hosts.put(h.get("id").asLong(), h.get("name").asText()));
    Map<Long, String> tasks = new HashMap<>();
    api.list("tasks?playbook=" + playbook).forEach(t -> tasks.put(t.get("id").asLong(), t.get("name").asText()));
    List<String> keys = new ArrayList<>();
    for (JsonNode result : api.list("results?playbook=" + playbook)) {
      keys.add(tasks.get(result.get("task").asLong()) + "@" + hosts.get(result.get("host").asLong()));
    }
    Collections.sort(keys);
    return keys;
  }

  /** Log lines at {@code level} that contain {@code what}. */
  private static long lines(String log, String level, String what) {
    return log.lines().filter(line -> line.contains(" " + level + " ") && line.contains(what)).count();
  }

  private static String read(File file) {
    try {
      return Files.readString(file.toPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
