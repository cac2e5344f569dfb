package org.arajournal.it.record;

import static org.arajournal.it.record.RunAssertions.assertGapFree;
import static org.arajournal.it.record.RunAssertions.types;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of ansible-playbook and its workers mid-run loses none of the events it had emitted. */
class KilledAnsibleTest {
  @Test
  void everyEventBeforeTheKillIsInTheJournalAndTheRunShowsIncomplete(@TempDir Path dir) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path journal = dir.resolve("journal");
    Path marker = dir.resolve("sleeping");
    Ansible ansible = Ansible.recordingInto(work, journal);
    Process process = Processes.start(
        ansible.command(work.resolve("killed.yml"), "-i", "inventory.ini", "-e", "marker=" + marker),
        ansible.environment(), work, dir.resolve("ansible.out").toFile());
    try {
      await("the third task to start sleeping").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("ansible-playbook ended early:\n" + read(dir.resolve("ansible.out").toFile()));
            }
            return Files.exists(marker);
          });
      assertEquals(1, RecorderProcesses.of(journal).size(), "one live recorder before the kill");
      killHard(process);
    } finally {
      process.destroyForcibly();
    }

    // The recorder outlives Ansible: it drains the pipe, then ends at end of input.
    await("the recorder to drain and exit").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> RecorderProcesses.of(journal).isEmpty());
    List<RecordedEvent> run = JournalContents.read(journal).onlyRun();
    assertGapFree(run);
    List<String> expected = new ArrayList<>(List.of("playbook_started", "file", "play_started",
        "task_started", "host_started", "result", "task_ended",
        "task_started", "host_started", "result", "task_ended",
        "task_started"));
    // Ansible reports the host start through its results queue: it is normally handled before the
    // module has run far enough to create the marker.
    List<String> recorded = types(run);
    if (recorded.size() == expected.size() + 1) {
      expected.add("host_started");
    }
    assertEquals(expected, recorded);
    assertEquals("mark and sleep", run.get(11).text("name"));
    assertEquals("incomplete", Inspect.run(journal, run.get(0).event().run().toString()).path("status").asText());
    assertFalse(Files.list(journal.resolve("spool")).findAny().isPresent(), "nothing was spooled: the recorder lived");
  }

  /** SIGKILL to ansible-playbook and every process under it except the recorder (the real-life kill -9). */
  private static void killHard(Process process) {
    List<ProcessHandle> tree = process.descendants().filter(p -> !RecorderProcesses.isRecorder(p))
        .collect(Collectors.toList());
    assertTrue(process.toHandle().destroyForcibly(), "SIGKILL to ansible-playbook");
    tree.forEach(ProcessHandle::destroyForcibly);
    await("ansible-playbook and its workers to die").atMost(Duration.ofSeconds(30))
        .until(() -> !process.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  private static String read(File file) {
    try {
      return Files.readString(file.toPath());
    } catch (java.io.IOException e) {
      return "(" + e + ")";
    }
  }
}
