package org.arajournal.it.record;

import static org.arajournal.it.record.KilledRecorderTest.countOf;
import static org.arajournal.it.record.RunAssertions.assertWhole;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.arajournal.event.EventCodec;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.arajournal.journal.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When recording cannot happen, the playbook runs as if unrecorded, with one warning. */
class RecordingUnavailableTest {
  @Test
  void unwritableJournalLeavesThePlaybookAloneWithOneWarning(@TempDir Path dir) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    // Tests run as root, whom no mode bit stops: a path under a regular file cannot be created by anyone.
    Path journal = Files.createFile(dir.resolve("a-file")).resolve("journal");
    Processes.Result result = Ansible.recordingInto(work, journal).run(work.resolve("hello.yml"), "-i", "inventory.ini");
    assertEquals(0, result.exitCode(), result.output());
    assertEquals(1, countOf(result.output(), "[WARNING]"), result.output());
    assertTrue(result.output().contains("[WARNING]: ara_journal: cannot record this run into"), result.output());
    assertTrue(result.output().contains("ok=3    changed=1"), "the playbook ran in full:\n" + result.output());
  }

  @Test
  void recorderThatCannotStartLeavesEveryEventInTheSpoolForTheNextRecorder(@TempDir Path dir) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path journal = dir.resolve("journal");
    Path playbook = work.resolve("hello.yml");
    Processes.Result result = Ansible.recordingInto(work, journal).env("ARA_JOURNAL_RECORDER", "/nonexistent/cmd")
        .run(playbook, "-i", "inventory.ini");
    assertEquals(0, result.exitCode(), result.output());
    assertEquals(1, countOf(result.output(), "[WARNING]"), result.output());
    assertTrue(result.output().contains("[WARNING]: ara_journal: cannot start the recorder"), result.output());

    List<Path> spools = spoolFiles(journal);
    assertEquals(1, spools.size(), "one spool file: " + spools);
    List<String> spooled = frames(spools.get(0));
    EventCodec codec = new EventCodec();
    List<RecordedEvent> run = new ArrayList<>();
    for (String frame : spooled) {
      run.add(new RecordedEvent(codec.decode(frame), codec.mapper().readTree(frame)));
    }
    assertWhole(run);
    assertEquals(6, run.stream().filter(e -> e.type().equals("result")).count(), run.toString());

    Processes.Result next = Ansible.recordingInto(work, journal).run(work.resolve("other.yml"), "-i", "inventory.ini");
    assertEquals(0, next.exitCode(), next.output());
    assertFalse(next.output().contains("[WARNING]"), next.output());
    await("the spool to be ingested").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> spoolFiles(journal).isEmpty() && RecorderProcesses.of(journal).isEmpty());
    JournalContents contents = JournalContents.read(journal);
    List<RecordedEvent> ingested = contents.runOf(playbook);
    assertWhole(ingested);
    List<JsonNode> expected = run.stream().map(RecordedEvent::json).collect(Collectors.toList());
    assertEquals(expected, ingested.stream().map(RecordedEvent::json).collect(Collectors.toList()),
        "the journal holds the spooled events as they were");
    assertWhole(contents.runOf(work.resolve("other.yml")));
  }

  private static List<Path> spoolFiles(Path journal) throws java.io.IOException {
    try (Stream<Path> files = Files.list(journal.resolve("spool"))) {
      return files.filter(f -> f.toString().endsWith(".spool")).toList();
    }
  }

  private static List<String> frames(Path spool) throws java.io.IOException {
    Frames frames = new Frames(new ByteArrayInputStream(Files.readAllBytes(spool)));
    List<String> documents = new ArrayList<>();
    for (byte[] frame = frames.next(); frame != null; frame = frames.next()) {
      documents.add(new String(frame, java.nio.charset.StandardCharsets.UTF_8));
    }
    return documents;
  }
}
