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
import java.util.stream.Stream;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of ansible-playbook mid-run loses none of the events it had emitted, and lets its recorder end. */
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
    List<ProcessHandle> orphans = List.of();
    try {
      await("the third task to start sleeping").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("ansible-playbook ended early:\n" + read(dir.resolve("ansible.out").toFile()));
            }
            return Files.exists(marker);
          });
      assertEquals(1, RecorderProcesses.of(journal).size(), "one live recorder before the kill");
      // Only ansible-playbook itself, as an operator's kill -9 <pid> would: its worker and the
      // sleeping module live on as orphans.
      orphans = process.descendants().filter(p -> !RecorderProcesses.isRecorder(p)).collect(Collectors.toList());
      assertTrue(process.toHandle().destroyForcibly(), "SIGKILL to ansible-playbook");
      await("ansible-playbook to die").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());

      // The recorder outlives Ansible: it drains the pipe, then ends at end of input, even
      // though orphaned workers are still running.
      await("the recorder to drain and exit").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
          .until(() -> RecorderProcesses.of(journal).isEmpty());
      assertTrue(orphans.stream().anyMatch(ProcessHandle::isAlive), "a worker outlived ansible-playbook: " + orphans);
    } finally {
      process.destroyForcibly();
      orphans.forEach(ProcessHandle::destroyForcibly);
    }

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
    try (Stream<Path> spooled = Files.list(journal.resolve("spool"))) {
      assertFalse(spooled.findAny().isPresent(), "nothing was spooled: the recorder lived");
    }
  }

  private static String read(File file) {
    try {
      return Files.readString(file.toPath());
    } catch (java.io.IOException e) {
      return "(" + e + ")";
    }
  }
}
