package org.arajournal.it.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.arajournal.event.Payload;
import org.arajournal.it.compare.AraSnapshot;
import org.arajournal.it.compare.Normaliser;
import org.arajournal.it.compare.SnapshotAssertions;
import org.arajournal.it.compare.SnapshotReader;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.DirectoryCopy;
import org.arajournal.it.support.FaultProxy;
import org.arajournal.it.support.JournalWriters;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air-gapped sync as users run it: the journal is copied (over the previous copy, whose replay
 * state is kept) whether or not a playbook is recording, and each copy is replayed. Whatever the
 * moments of the copies, ARA ends exactly as one replay of the finished journal leaves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopiedMidRunTest {
  /** Exit value of a process killed by SIGKILL, as {@link Process#exitValue()} reports it. */
  private static final int KILLED = 137;

  private Path dir;
  private AraServer synced;
  private AraServer reference;

  @BeforeAll
  void startServers(@TempDir Path dir) {
    this.dir = dir;
    synced = AraServer.start(mkdirs(dir.resolve("ara-synced")));
    reference = AraServer.start(mkdirs(dir.resolve("ara-reference")));
  }

  @AfterAll
  void stopServers() {
    if (synced != null) {
      synced.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  void aCopyTakenMidRunIsLeftRunningAndTheNextCopyCompletesTheRun() throws Exception {
    Case run = new Case("left-running");
    run.recordGatedPlaybook();
    run.awaitGateReached();
    run.copy();

    Processes.Result first = run.replayCopy();
    assertEquals(0, first.exitCode(), first.output());
    JsonNode playbook = run.syncedPlaybook();
    assertEquals("running", playbook.path("status").asText(), "a run copied mid-run stays running: " + first.output());
    assertEquals(3, run.syncedApi().list("results?playbook=" + playbook.path("id").asLong()).size(),
        "the first task's results are in ARA already:\n" + first.output());

    run.openGateAndAwaitTheEnd();
    run.copy();
    JsonNode behind = run.statusOfTheCopy().path("runs_in_part");
    assertEquals(1, behind.size(), "status shows the run delivered in part: " + behind);
    assertEquals("running", behind.get(0).path("shown_as").asText(), behind.toString());
    assertTrue(behind.get(0).path("events_behind").asLong() > 0, "the new copy holds more of it: " + behind);
    Processes.Result second = run.replayCopy();
    assertEquals(0, second.exitCode(), second.output());

    run.assertSyncedEqualsOneReplayOfTheFinishedJournal(first.output() + second.output());
    assertEquals(0, run.statusOfTheCopy().path("runs_in_part").size(), "nothing left in part");
  }

  @Test
  void aRunClosedOnRequestInAnEarlierCopyIsReopenedAndCompleted() throws Exception {
    Case run = new Case("closed");
    run.recordGatedPlaybook();
    run.awaitGateReached();
    run.copy();

    Processes.Result first = run.replayCopy("--close-incomplete");
    assertEquals(0, first.exitCode(), first.output());
    assertEquals("expired", run.syncedPlaybook().path("status").asText(), first.output());

    run.openGateAndAwaitTheEnd();
    run.copy();
    Processes.Result second = run.replayCopy();
    assertEquals(0, second.exitCode(), second.output());

    run.assertSyncedEqualsOneReplayOfTheFinishedJournal(first.output() + second.output());
  }

  @Test
  void copiesAtRandomMomentsOfALongerRunEndAsOneUninterruptedReplayEvenWithAContinuationKilled() throws Exception {
    long seed = Long.getLong("copiedMidRun.seed", System.currentTimeMillis());
    Random random = new Random(seed);
    Case run = new Case("random-" + seed);
    int tasks = 12;
    Process ansible = run.recordLongPlaybook(tasks);
    // About 2 + 8 events per task of 3 hosts; copies land anywhere from the first play to the last task.
    int total = 8 * tasks;
    TreeSet<Integer> moments = new TreeSet<>();
    moments.add(10 + random.nextInt(15));
    moments.add(40 + random.nextInt(20));
    moments.add(70 + random.nextInt(total - 70));
    StringBuilder log = new StringBuilder("seed " + seed + " (-DcopiedMidRun.seed=" + seed + "), copies at "
        + moments + " events\n");
    int copyNumber = 0;
    for (int moment : moments) {
      await("the journal to hold " + moment + " events").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
          .until(() -> run.recordedEvents() >= moment || !ansible.isAlive());
      run.copy();
      copyNumber++;
      if (copyNumber == 2) {
        log.append(run.killAReplayMidWay(seed));
      }
      boolean close = random.nextBoolean();
      Processes.Result replay = close ? run.replayCopy("--close-incomplete") : run.replayCopy();
      log.append("copy ").append(copyNumber).append(close ? " --close-incomplete" : "").append(":\n")
          .append(replay.output());
      assertEquals(0, replay.exitCode(), log.toString());
    }
    assertTrue(ansible.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "ansible-playbook ends");
    JournalWriters.awaitNone(run.recorded);
    run.copy();
    Processes.Result last = run.replayCopy();
    log.append("last copy:\n").append(last.output());
    assertEquals(0, last.exitCode(), log.toString());

    run.assertSyncedEqualsOneReplayOfTheFinishedJournal(log.toString());
  }

  /** One recorded playbook, its journal copied to another directory (the air-gapped side). */
  private final class Case {
    final String name;
    final Path work;
    final Path recorded;
    final Path carried;
    final long syncedMark = new SnapshotReader(new AraApi(synced.url()), new Normaliser()).newestPlaybookId();
    Process ansible;

    Case(String name) throws IOException {
      this.name = name;
      Path root = mkdirs(dir.resolve(name));
      work = mkdirs(root.resolve("work"));
      recorded = root.resolve("controller/journal");
      carried = mkdirs(root.resolve("air-gapped/journal"));
      Files.writeString(work.resolve("inventory"), "host1 ansible_connection=local\nhost2 ansible_connection=local\n"
          + "host3 ansible_connection=local\n");
    }

    /** Three hosts, four tasks; the second waits for a file the test creates. */
    void recordGatedPlaybook() throws IOException {
      Files.writeString(work.resolve("gated.yml"), String.join("\n",
          "- name: Gated play",
          "  hosts: all",
          "  gather_facts: false",
          "  tasks:",
          "    - name: First",
          "      ansible.builtin.debug:",
          "        msg: first",
          "    - name: Gate",
          "      ansible.builtin.wait_for:",
          "        path: " + work.resolve("gate"),
          "        timeout: 300",
          "    - name: Third",
          "      ansible.builtin.command: echo third",
          "    - name: Fourth",
          "      ansible.builtin.debug:",
          "        msg: fourth",
          ""));
      ansible = start("gated.yml");
    }

    Process recordLongPlaybook(int tasks) throws IOException {
      List<String> lines = new ArrayList<>(List.of("- name: Long play", "  hosts: all", "  gather_facts: false",
          "  tasks:"));
      for (int task = 1; task <= tasks; task++) {
        lines.addAll(task % 3 == 0
            ? List.of("    - name: Command " + task, "      ansible.builtin.command: echo " + task)
            : List.of("    - name: Debug " + task, "      ansible.builtin.debug:", "        msg: task " + task));
      }
      lines.add("");
      Files.writeString(work.resolve("long.yml"), String.join("\n", lines));
      ansible = start("long.yml");
      return ansible;
    }

    private Process start(String playbook) throws IOException {
      Ansible recording = Ansible.recordingInto(work, recorded);
      return Processes.start(recording.command(work.resolve(playbook), "-i", work.resolve("inventory").toString()),
          recording.environment(), work, work.resolve(playbook + ".log").toFile());
    }

    void awaitGateReached() {
      await("every host to wait at the gate").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptions().until(() -> {
            RecordedRun run = RecordedRun.only(recorded);
            return run.all(Payload.ResultRecorded.class).size() == 3
                && run.all(Payload.HostStarted.class).size() == 6;
          });
    }

    void openGateAndAwaitTheEnd() throws Exception {
      Files.writeString(work.resolve("gate"), "open\n");
      assertTrue(ansible.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "the gated playbook ends");
      assertEquals(0, ansible.exitValue(), Files.readString(work.resolve("gated.yml.log")));
      JournalWriters.awaitNone(recorded);
    }

    int recordedEvents() {
      try {
        return RecordedRun.only(recorded).events.size();
      } catch (RuntimeException | AssertionError notYet) {
        return 0; // the recorder has not created the journal yet
      }
    }

    /** {@code cp -r controller/journal/. air-gapped/journal}, while the playbook may be recording. */
    void copy() {
      if (Files.isDirectory(recorded)) {
        DirectoryCopy.copyOver(recorded, carried);
      }
    }

    Processes.Result replayCopy(String... more) {
      return ReplayCli.replay(carried, synced.url(), more);
    }

    /**
     * Starts a replay of the copy through a proxy that delays every request, and kills it with
     * SIGKILL once it has sent some; the next replay has to complete what it began.
     */
    String killAReplayMidWay(long seed) throws Exception {
      try (FaultProxy slow = FaultProxy.start(synced.port(), request -> FaultProxy.Fault.DELAY,
          FaultProxy.Settings.DEFAULT)) {
        File output = carried.resolveSibling("killed-replay.out").toFile();
        Process replay = Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", carried.toString(),
            "--to", slow.url()), Map.of(), carried.getParent(), output);
        try {
          await("the replay to send the continuation").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
              .until(() -> slow.requests() >= 8 || !replay.isAlive());
          assertTrue(replay.isAlive(), "the replay was still sending when it was to be killed (seed " + seed + "):\n"
              + Files.readString(output.toPath()));
        } finally {
          replay.destroyForcibly();
        }
        assertEquals(KILLED, replay.waitFor());
        return "killed a replay after " + slow.requests() + " requests:\n" + Files.readString(output.toPath());
      }
    }

    /** {@code status --json} of the copy for the synced server: its one target. */
    JsonNode statusOfTheCopy() throws IOException {
      Processes.Result status = Processes.run(List.of(Tools.launcher().toString(), "status", "--from",
          carried.toString(), "--to", synced.url(), "--json"), Map.of(), carried.getParent(), Duration.ofMinutes(2));
      assertEquals(0, status.exitCode(), status.output());
      String output = status.output();
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(output.substring(output.indexOf('{')))
          .path("targets").get(0);
    }

    AraApi syncedApi() {
      return new AraApi(synced.url());
    }

    JsonNode syncedPlaybook() {
      List<JsonNode> playbooks = syncedApi().list("playbooks?order=id").stream()
          .filter(p -> p.path("id").asLong() > syncedMark).toList();
      assertEquals(1, playbooks.size(), "one playbook for the run: " + playbooks);
      return playbooks.get(0);
    }

    /** The synced server holds what one replay of the finished journal gives another server. */
    void assertSyncedEqualsOneReplayOfTheFinishedJournal(String replays) {
      SnapshotReader referenceReader = new SnapshotReader(new AraApi(reference.url()), new Normaliser());
      long referenceMark = referenceReader.newestPlaybookId();
      Processes.Result once = ReplayCli.replay(recorded, reference.url(), "--state", work.resolve("reference-state")
          .toString());
      assertEquals(0, once.exitCode(), once.output());
      AraSnapshot expected = referenceReader.readAfter(referenceMark);
      SnapshotAssertions.assertOneFinishedPlaybook(name + "-reference", expected);
      AraSnapshot actual = new SnapshotReader(syncedApi(), new Normaliser()).readAfter(syncedMark);
      try {
        SnapshotAssertions.assertNoDifferences(name, expected, actual);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nreplays of the copies:\n" + replays, e);
      }
    }
  }

  private static Path mkdirs(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
