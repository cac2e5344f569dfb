package org.arajournal.it.record;

import static org.arajournal.it.record.RunAssertions.assertWhole;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the recorder mid-run: the playbook runs on unchanged, the callback spools what was not
 * confirmed, and the next recorder puts the whole run into the journal exactly once.
 */
class KilledRecorderTest {
  @Test
  void playbookRunsOnAndTheNextRecorderCompletesTheRunExactlyOnce(@TempDir Path dir) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path journal = dir.resolve("journal");
    Path playbook = work.resolve("gated.yml");

    Path openGate = Files.createFile(dir.resolve("open-gate"));
    Processes.Result plain = Ansible.plain(work).run(playbook, "-i", "inventory.ini",
        "-e", "marker=" + dir.resolve("plain-marker"), "-e", "gate=" + openGate);

    Path marker = dir.resolve("marker");
    Path gate = dir.resolve("gate");
    Ansible ansible = Ansible.recordingInto(work, journal);
    Path output = dir.resolve("recorded.out");
    Process process = Processes.start(
        ansible.command(playbook, "-i", "inventory.ini", "-e", "marker=" + marker, "-e", "gate=" + gate),
        ansible.environment(), work, output.toFile());
    try {
      await("the gated task to start").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(marker) || !process.isAlive());
      List<ProcessHandle> recorders = RecorderProcesses.of(journal);
      assertEquals(1, recorders.size(), "one live recorder for " + journal);
      ProcessHandle recorder = recorders.get(0);
      assertTrue(recorder.destroyForcibly(), "SIGKILL to the recorder");
      // Until Ansible reaps it the dead recorder is a zombie, which no longer shows a command line.
      await("the recorder to die").atMost(Duration.ofSeconds(30)).until(() -> RecorderProcesses.of(journal).isEmpty());
      Files.createFile(gate);
      assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the playbook finishes without its recorder");
    } finally {
      process.destroyForcibly();
    }
    String recorded = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(plain.exitCode(), process.exitValue(), recorded);
    assertEquals(CorpusRecordingTest.recap(plain.output()), CorpusRecordingTest.recap(recorded));
    assertEquals(1, countOf(recorded, "[WARNING]"), recorded);
    assertTrue(recorded.contains("[WARNING]: ara_journal: the recorder"), recorded);
    assertEquals(1, spoolFiles(journal).size(), "the callback spooled what the dead recorder had not confirmed");

    // Any later run starts a recorder, which ingests the spool beside recording its own run.
    Processes.Result next = Ansible.recordingInto(work, journal).run(work.resolve("hello.yml"), "-i", "inventory.ini");
    assertEquals(0, next.exitCode(), next.output());
    assertFalse(next.output().contains("[WARNING]"), next.output());
    await("the spool to be ingested").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> spoolFiles(journal).isEmpty() && RecorderProcesses.of(journal).isEmpty());
    JournalContents contents = JournalContents.read(journal);
    assertEquals(2, contents.runs().size(), "the killed run and the next one");
    List<RecordedEvent> first = contents.runOf(playbook);
    assertWhole(first);
    assertEquals(4, first.stream().filter(e -> e.type().equals("task_started")).count(), first.toString());
    assertEquals(4, first.stream().filter(e -> e.type().equals("result")).count(), first.toString());
    assertWhole(contents.runOf(work.resolve("hello.yml")));
  }

  private static List<Path> spoolFiles(Path journal) throws java.io.IOException {
    try (Stream<Path> files = Files.list(journal.resolve("spool"))) {
      return files.filter(f -> f.toString().endsWith(".spool")).toList();
    }
  }

  static int countOf(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
      count++;
    }
    return count;
  }
}
