package org.arajournal.it.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arajournal.event.Payload;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `replay --follow` sends a run while it is recorded: ARA shows it running with the results so far,
 * then complete once Ansible ends, without the replay being restarted.
 */
class FollowTest {
  @Test
  void aRunBeingRecordedIsRunningInAraWithItsResultsSoFarThenCompletes(@TempDir Path dir) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("paced.yml"), String.join("\n",
        "- name: Paced play",
        "  hosts: all",
        "  gather_facts: false",
        "  tasks:",
        "    - name: First",
        "      ansible.builtin.debug:",
        "        msg: first",
        "    - name: Wait for the test",
        "      ansible.builtin.wait_for:",
        "        path: " + work.resolve("go"),
        "        timeout: 120",
        "    - name: Last",
        "      ansible.builtin.debug:",
        "        msg: last",
        ""));
    try (InputStream in = FollowTest.class.getResourceAsStream("/replay/inventory")) {
      Files.copy(in, work.resolve("inventory"));
    }
    Path journal = dir.resolve("journal");
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      AraApi api = new AraApi(server.url());
      File followLog = dir.resolve("follow.out").toFile();
      Process follow = Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(),
          "--to", server.url(), "--follow"), Map.of(), dir, followLog);
      Process ansible = null;
      try {
        await("the replay to follow").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> read(followLog).contains("following"));
        Ansible recording = Ansible.recordingInto(work, journal);
        ansible = Processes.start(recording.command(work.resolve("paced.yml"), "-i",
            work.resolve("inventory").toString()), recording.environment(), work, dir.resolve("ansible.out").toFile());

        await("the first task's results in ARA while Ansible waits").atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> api.count("results") == 2);
        JsonNode playbook = api.onlyPlaybook();
        assertEquals("running", playbook.get("status").asText(), "a run being recorded stays running");
        assertEquals("running", api.list("tasks?name=Wait").get(0).get("status").asText());

        Files.writeString(work.resolve("go"), "go");
        assertTrue(ansible.waitFor(2, TimeUnit.MINUTES), "ansible-playbook did not finish");
        assertEquals(0, ansible.exitValue(), read(dir.resolve("ansible.out").toFile()));
        await("the run to complete in ARA").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> api.onlyPlaybook().get("status").asText().equals("completed"));
        RecordedRun recorded = RecordedRun.only(journal);
        assertEquals(recorded.all(Payload.ResultRecorded.class).size(), api.count("results"));
        assertTrue(follow.isAlive(), "--follow keeps running after the run ends:\n" + read(followLog));
      } finally {
        if (ansible != null) {
          ansible.destroyForcibly();
        }
        follow.destroy();
        assertTrue(follow.waitFor(10, TimeUnit.SECONDS), "the follow did not stop on SIGTERM");
      }
      assertEquals(0, follow.exitValue(), read(followLog));
    }
  }

  private static String read(File file) throws IOException {
    return Files.readString(file.toPath(), StandardCharsets.UTF_8);
  }
}
