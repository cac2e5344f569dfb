package org.arajournal.it.replay;

import static org.arajournal.it.support.AraApi.time;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.arajournal.it.support.AraApi;
import org.arajournal.event.Event;
import org.arajournal.event.Payload;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible-playbook killed with SIGKILL mid-run: the replay closes the run as ARA would an abandoned one. */
class KilledRunReplayTest {
  @Test
  void aKilledRunReplaysAsExpiredWithAllItsResults(@TempDir Path dir) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    copy("slow.yml", work);
    copy("inventory", work);
    Path journal = dir.resolve("journal");
    Ansible ansible = Ansible.recordingInto(work, journal);
    Process playbook = Processes.start(ansible.command(work.resolve("slow.yml"), "-i", work.resolve("inventory").toString()),
        ansible.environment(), work, dir.resolve("ansible.log").toFile());
    try {
      // The journal may not hold the run yet while the recorder starts: keep polling until it does.
      await("the slow task to start").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions().until(() -> slowTaskRunning(journal));
    } finally {
      killAnsibleButNotTheRecorder(playbook, journal);
    }
    // The recorder drains what it got and exits once no Ansible process holds its input.
    await("the recorder to exit").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .until(() -> recorders(journal).isEmpty());
    RecordedRun recorded = RecordedRun.only(journal);

    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      Processes.Result replay = ReplayCli.replay(journal, server.url());
      assertEquals(0, replay.exitCode(), replay.output());
      AraApi api = new AraApi(server.url());
      List<JsonNode> playbooks = api.list("playbooks?order=id");
      assertEquals(1, playbooks.size(), replay.output());
      long id = playbooks.get(0).get("id").asLong();
      Event last = recorded.events.get(recorded.events.size() - 1);

      JsonNode playbookNow = api.get("playbooks/" + id);
      assertEquals("expired", playbookNow.get("status").asText());
      assertEquals(last.time(), time(playbookNow, "ended"));
      assertEquals("expired", api.list("plays?order=id&playbook=" + id).get(0).get("status").asText());
      Map<String, String> taskStatus = api.list("tasks?order=id&playbook=" + id).stream()
          .collect(Collectors.toMap(t -> t.get("name").asText(), t -> t.get("status").asText()));
      assertEquals(Map.of("Quick task", "completed", "Slow task", "expired"), taskStatus);
      assertEquals(recorded.all(Payload.ResultRecorded.class).size(), api.list("results?order=id&playbook=" + id).size());
      assertEquals(2, api.list("results?order=id&playbook=" + id).size());
    }
  }

  private static boolean slowTaskRunning(Path journal) {
    if (!Files.isRegularFile(journal.resolve("journal-id"))) {
      return false;
    }
    RecordedRun run = RecordedRun.only(journal);
    return run.all(Payload.HostStarted.class).stream()
        .anyMatch(e -> run.all(Payload.TaskStarted.class).stream()
            .anyMatch(t -> ((Payload.TaskStarted) t.payload()).name().equals("Slow task")
                && ((Payload.TaskStarted) t.payload()).uuid().equals(((Payload.HostStarted) e.payload()).taskUuid())));
  }

  /** SIGKILL to ansible-playbook and its workers; the recorder, in its own session, lives on. */
  private static void killAnsibleButNotTheRecorder(Process playbook, Path journal) {
    List<Long> keep = recorders(journal).stream().map(ProcessHandle::pid).collect(Collectors.toList());
    playbook.toHandle().descendants().filter(p -> !keep.contains(p.pid())).forEach(ProcessHandle::destroyForcibly);
    playbook.destroyForcibly();
  }

  private static List<ProcessHandle> recorders(Path journal) {
    String dir = journal.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(args -> List.of(args).contains("record") && List.of(args).contains(dir))
            .orElse(false))
        .collect(Collectors.toList());
  }

  private static void copy(String resource, Path dir) throws IOException {
    try (InputStream in = KilledRunReplayTest.class.getResourceAsStream("/replay/" + resource)) {
      Files.copy(in, dir.resolve(resource));
    }
  }
}
