package org.arajournal.it.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal on a disk that fills up during a run (a small tmpfs this test mounts): Ansible runs in
 * full, the user sees one warning saying from which event on the run is not recorded, the journal
 * holds no damaged entry, the run replays as far as it was recorded (closed as expired), and the
 * next run records in full once space is back, also through a shared recorder that met the full disk.
 */
class DiskFullTest {
  @TempDir Path dir;
  private Path disk;
  private Path work;
  private Path filler;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createDirectories(dir.resolve("small-disk"));
    Processes.Result mount = Processes.run(List.of(Tools.require("mount", "mount").toString(), "-t", "tmpfs", "-o",
        "size=8m,mode=0700", "tmpfs", disk.toString()), Map.of(), dir, Duration.ofSeconds(30));
    assertEquals(0, mount.exitCode(), "this test mounts a tmpfs and needs root:\n" + mount.output());
    work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("big.yml"), String.join("\n",
        "- hosts: localhost",
        "  gather_facts: false",
        "  tasks:",
        "    - name: Small first",
        "      ansible.builtin.debug:",
        "        msg: first",
        "    - name: Large output",
        "      ansible.builtin.command: \"python3 -c 'print(\\\"x\\\" * 200000)'\"",
        "      loop: [1, 2, 3, 4, 5, 6]",
        "    - name: Small last",
        "      ansible.builtin.debug:",
        "        msg: last",
        ""));
    filler = disk.resolve("filler");
    Files.write(filler, new byte[6 << 20]); // leaves ~2 MiB: the loop's ~2.4 MB result cannot fit
  }

  @AfterEach
  void unmount() throws Exception {
    // A shared recorder keeps the journal open: the disk cannot be unmounted under it.
    for (ProcessHandle recorder : RecorderProcesses.of(disk.resolve("journal"))) {
      recorder.destroyForcibly();
      recorder.onExit().get(30, TimeUnit.SECONDS);
    }
    Processes.run(List.of("umount", disk.toString()), Map.of(), dir, Duration.ofSeconds(30));
  }

  @Test
  void aFullDiskStopsTheRunsRecordingCleanlyWithOneWarningAndTheNextRunRecordsAgain() throws Exception {
    Path journal = disk.resolve("journal");
    Ansible ansible = Ansible.recordingInto(work, journal).env("ARA_JOURNAL_MIN_FREE", "512K");

    Processes.Result first = ansible.run(work.resolve("big.yml"));
    int recordedUpTo = assertOneFullDiskWarning(first, journal);
    String recorderLog = Files.readString(journal.resolve("recorder.log"));
    assertFalse(recorderLog.contains("\tat "), "no stack trace in recorder.log:\n" + recorderLog);
    try (var spools = Files.list(journal.resolve("spool"))) {
      assertEquals(0, spools.count(), "nothing spooled onto the full disk");
    }
    List<RecordedEvent> recorded = JournalContents.read(journal).onlyRun(); // fails on any damaged entry
    assertEquals(recordedUpTo, recorded.size(), "recorded up to the event the warning names");

    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      Processes.Result replay = Processes.run(List.of(Tools.launcher().toString(), "replay", "--from",
          journal.toString(), "--to", server.url()), Map.of(), dir, Duration.ofMinutes(2));
      assertEquals(0, replay.exitCode(), replay.output());
      JsonNode playbook = new AraApi(server.url()).list("playbooks").get(0);
      assertEquals("expired", playbook.path("status").asText(), "replayed as far as recorded, closed:\n"
          + replay.output());
    }

    Files.delete(filler);
    assertNextRunIsWhole(ansible, journal);
  }

  @Test
  void aSharedRecorderThatMetAFullDiskRecordsTheNextRunOnceSpaceIsBack() throws Exception {
    Path journal = disk.resolve("journal");
    Ansible ansible = Ansible.recordingInto(work, journal).env("ARA_JOURNAL_MIN_FREE", "512K")
        .env("ARA_JOURNAL_RECORDER_IDLE", "600");

    Processes.Result first = ansible.run(work.resolve("big.yml"));
    int recordedUpTo = assertOneFullDiskWarning(first, journal);
    assertEquals(recordedUpTo, JournalContents.read(journal).onlyRun().size(), "recorded up to the event the warning names");
    List<ProcessHandle> recorders = RecorderProcesses.of(journal);
    assertEquals(1, recorders.size(), "the recorder that met the full disk serves on: " + recorders);

    Files.delete(filler);
    assertNextRunIsWhole(ansible, journal);
    assertEquals(recorders, RecorderProcesses.of(journal), "the next run recorded through the same recorder");
    String log = Files.readString(journal.resolve("recorder.log"));
    assertTrue(log.contains("of a later run"), log);
  }

  /** The warning a run whose journal filled up gets, once; returns the last event it says was recorded. */
  private static int assertOneFullDiskWarning(Processes.Result run, Path journal) {
    assertEquals(0, run.exitCode(), "Ansible runs in full:\n" + run.output());
    assertTrue(run.output().contains("ok=3"), run.output());
    // Ansible wraps warnings anywhere, even inside a path: compare without white space.
    String warnings = run.output().replaceAll("\\s+", "");
    Matcher warning = Pattern.compile(Pattern.quote("ara_journal:thediskof" + journal + "isfull:") + "thisrunisrecorded"
        + "uptoevent(\\d+),andfromevent(\\d+)onitisnotrecorded").matcher(warnings);
    assertTrue(warning.find(), "one warning names the journal and the event:\n" + run.output());
    assertEquals(1, run.output().split("ara_journal:", -1).length - 1, "exactly one warning:\n" + run.output());
    return Integer.parseInt(warning.group(1));
  }

  private void assertNextRunIsWhole(Ansible ansible, Path journal) throws Exception {
    Processes.Result next = ansible.run(work.resolve("big.yml"));
    assertEquals(0, next.exitCode(), next.output());
    assertFalse(next.output().contains("ara_journal:"), "space is back: no warning\n" + next.output());
    JournalContents contents = JournalContents.read(journal);
    List<RecordedEvent> again = contents.runs().values().stream().skip(1).findFirst().orElseThrow();
    assertEquals("playbook_ended", again.get(again.size() - 1).event().type(), "the next run is whole");
  }
}
