package org.arajournal.it.record;

import static org.arajournal.it.record.KilledRecorderTest.countOf;
import static org.arajournal.it.record.RunAssertions.assertWhole;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs record through the recorder an earlier run started, which serves the journal until idle
 * (ARA_JOURNAL_RECORDER_IDLE): no JVM starts on their critical path, and nothing is lost when that
 * shared recorder dies.
 */
class SharedRecorderRunsTest {
  @TempDir Path dir;
  private Path journal;
  private Path work;

  @AfterEach
  void stopLingeringRecorders() {
    if (journal != null) {
      RecorderProcesses.of(journal).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void laterRunsRecordThroughTheFirstRunsRecorder() throws Exception {
    setUp();
    Processes.Result first = shared().run(work.resolve("hello.yml"), "-i", "inventory.ini");
    assertEquals(0, first.exitCode(), first.output());
    List<ProcessHandle> recorders = RecorderProcesses.of(journal);
    assertEquals(1, recorders.size(), "the first run's recorder serves on: " + recorders);

    for (String playbook : List.of("other.yml", "hello.yml")) {
      Processes.Result later = shared().run(work.resolve(playbook), "-i", "inventory.ini");
      assertEquals(0, later.exitCode(), later.output());
      assertFalse(later.output().contains("[WARNING]"), later.output());
    }

    assertEquals(recorders, RecorderProcesses.of(journal), "no later run started a recorder");
    String log = Files.readString(journal.resolve("recorder.log"), StandardCharsets.UTF_8);
    assertEquals(1, countOf(log, "RecordCommand - recorded"), log);
    assertEquals(2, countOf(log, "of a later run"), log);
    JournalContents contents = JournalContents.read(journal);
    assertEquals(3, contents.runs().size());
    contents.runs().values().forEach(RunAssertions::assertWhole);
  }

  @Test
  void runsStartedAtOnceAreEachRecordedWhole() throws Exception {
    setUp();
    Ansible ansible = shared();
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(Processes.start(ansible.command(work.resolve(i % 2 == 0 ? "hello.yml" : "other.yml"), "-i",
          "inventory.ini"), ansible.environment(), work, dir.resolve("run-" + i + ".out").toFile()));
    }
    for (int i = 0; i < runs.size(); i++) {
      Process run = runs.get(i);
      try {
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "run " + i + " finishes");
      } finally {
        run.destroyForcibly();
      }
      String output = Files.readString(dir.resolve("run-" + i + ".out"), StandardCharsets.UTF_8);
      assertEquals(0, run.exitValue(), output);
      assertFalse(output.contains("[WARNING]"), output);
    }
    Processes.Result after = shared().run(work.resolve("hello.yml"), "-i", "inventory.ini");
    assertEquals(0, after.exitCode(), after.output());

    JournalContents contents = JournalContents.read(journal);
    assertEquals(5, contents.runs().size());
    contents.runs().values().forEach(RunAssertions::assertWhole);
    // The recorders that could not listen end with their runs; the one that listens serves on.
    await("one recorder to serve the journal once the rush is over").atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200)).until(() -> RecorderProcesses.of(journal).size() == 1);
  }

  @Test
  void aSharedRecorderKilledMidRunLosesNothing() throws Exception {
    setUp();
    Processes.Result first = shared().run(work.resolve("hello.yml"), "-i", "inventory.ini");
    assertEquals(0, first.exitCode(), first.output());
    ProcessHandle recorder = RecorderProcesses.of(journal).get(0);

    Path playbook = work.resolve("gated.yml");
    Path marker = dir.resolve("marker");
    Path gate = dir.resolve("gate");
    Ansible ansible = shared();
    Path output = dir.resolve("gated.out");
    Process process = Processes.start(
        ansible.command(playbook, "-i", "inventory.ini", "-e", "marker=" + marker, "-e", "gate=" + gate),
        ansible.environment(), work, output.toFile());
    try {
      await("the gated task to start").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(marker) || !process.isAlive());
      assertEquals(List.of(recorder), RecorderProcesses.of(journal), "the run records through the shared recorder");
      assertTrue(recorder.destroyForcibly(), "SIGKILL to the shared recorder");
      await("the recorder to die").atMost(Duration.ofSeconds(30)).until(() -> !recorder.isAlive());
      Files.createFile(gate);
      assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the playbook finishes without its recorder");
    } finally {
      process.destroyForcibly();
    }
    String recorded = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), recorded);
    assertEquals(1, countOf(recorded, "[WARNING]"), recorded);
    assertTrue(recorded.contains("[WARNING]: ara_journal: the recorder"), recorded);

    // The next run finds the killed recorder's socket dead, starts a recorder, which ingests the spool.
    Processes.Result next = shared().run(work.resolve("other.yml"), "-i", "inventory.ini");
    assertEquals(0, next.exitCode(), next.output());
    assertFalse(next.output().contains("[WARNING]"), next.output());
    await("the spool to be ingested").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> spoolFiles().isEmpty());
    JournalContents contents = JournalContents.read(journal);
    assertEquals(3, contents.runs().size());
    List<RecordedEvent> gated = contents.runOf(playbook);
    assertWhole(gated);
    assertEquals(4, gated.stream().filter(e -> e.type().equals("result")).count(), gated.toString());
    assertWhole(contents.runOf(work.resolve("other.yml")));
  }

  @Test
  void theSharedRecorderEndsOnceIdleAndTakesItsSocketAlong() throws Exception {
    setUp();
    Processes.Result run = shared().env("ARA_JOURNAL_RECORDER_IDLE", "2").run(work.resolve("hello.yml"), "-i",
        "inventory.ini");
    assertEquals(0, run.exitCode(), run.output());

    await("the idle recorder to end").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
        .until(() -> RecorderProcesses.of(journal).isEmpty());
    assertFalse(Files.exists(journal.resolve("recorder.sock")));
    assertWhole(JournalContents.read(journal).onlyRun());
  }

  private void setUp() {
    work = Playbooks.copy("small", dir.resolve("work"));
    journal = dir.resolve("journal");
  }

  private Ansible shared() {
    return Ansible.recordingInto(work, journal).env("ARA_JOURNAL_RECORDER_IDLE", "120");
  }

  private List<Path> spoolFiles() throws java.io.IOException {
    try (Stream<Path> files = Files.list(journal.resolve("spool"))) {
      return files.filter(f -> f.toString().endsWith(".spool")).toList();
    }
  }
}
