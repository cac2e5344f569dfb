package org.arajournal.it.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.DirectoryCopy;
import org.arajournal.it.support.JournalWriters;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air-gapped flow: a journal recorded on one machine (A) is copied, again and again with
 * {@code cp -r}, to another (B) and replayed there with the default state (inside B). Each replay
 * sends only the runs that server has not got; the state is per server, so a second server gets
 * every run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirGappedFlowTest {
  private Path work;
  private Path recorded;
  private Path carried;
  private AraServer first;
  private AraServer second;

  @BeforeAll
  void recordTwoRunsAndCarryThemOneAtATime(@TempDir Path dir) throws IOException {
    work = Files.createDirectories(dir.resolve("work"));
    copy("site.yml", work);
    copy("inventory", work);
    recorded = dir.resolve("machine-a/journal");
    carried = Files.createDirectories(dir.resolve("machine-b/journal"));
    first = AraServer.start(Files.createDirectories(dir.resolve("ara-first")));
    second = AraServer.start(Files.createDirectories(dir.resolve("ara-second")));
  }

  @AfterAll
  void stopServers() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  void eachCopyReplaysOnlyTheRunsTheServerHasNotGotAndAnotherServerGetsThemAll() {
    record();
    DirectoryCopy.copyOver(recorded, carried);
    List<JournalRuns.Run> afterRunOne = JournalRuns.of(recorded);
    assertEquals(1, afterRunOne.size(), "runs recorded so far: " + afterRunOne);
    JournalRuns.Run runOne = afterRunOne.get(0);

    Processes.Result firstReplay = ReplayCli.replay(carried, first.url());
    assertEquals(0, firstReplay.exitCode(), firstReplay.output());
    assertTrue(firstReplay.output().contains(runOne.id() + " completed"), "run 1 delivered:\n" + firstReplay.output());
    assertTrue(Files.isDirectory(carried.resolve("replayed")),
        "the default state lives inside the journal it describes (" + carried.resolve("replayed") + "):\n"
            + firstReplay.output());

    record();
    DirectoryCopy.copyOver(recorded, carried);
    List<JournalRuns.Run> runs = JournalRuns.of(carried);
    assertEquals(2, runs.size(), "the copy holds both runs: " + runs);
    JournalRuns.Run runTwo = runs.get(1);
    assertEquals(runOne.id(), runs.get(0).id(), "the journal keeps run 1 first: " + runs);

    Processes.Result secondReplay = ReplayCli.replay(carried, first.url());
    String output = secondReplay.output();
    assertEquals(0, secondReplay.exitCode(), output);
    assertTrue(output.contains(runTwo.id() + " completed"), "run 2 delivered:\n" + output);
    assertFalse(output.contains(runOne.id() + " completed"), "run 1 not sent again:\n" + output);
    assertTrue(deliveredBefore(1, first).matcher(output).find(),
        "the log says that run 1 was delivered to " + first.url() + " before:\n" + output);
    assertEveryRunOnce(first, runs, output);

    Processes.Result otherServer = ReplayCli.replay(carried, second.url());
    assertEquals(0, otherServer.exitCode(), otherServer.output());
    assertTrue(otherServer.output().contains(runOne.id() + " completed")
        && otherServer.output().contains(runTwo.id() + " completed"),
        "the state is per server: a second server gets both runs:\n" + otherServer.output());
    assertEveryRunOnce(second, runs, otherServer.output());
  }

  /** Runs site.yml on machine A, recording into its journal, and waits until the recorder has let go of it. */
  private void record() {
    Processes.Result run = Ansible.recordingInto(work, recorded).run(work.resolve("site.yml"), "-i",
        work.resolve("inventory").toString());
    assertEquals(0, run.exitCode(), run.output());
    JournalWriters.awaitNone(recorded);
  }

  /** One playbook per run, each with that run's results exactly once. */
  private static void assertEveryRunOnce(AraServer server, List<JournalRuns.Run> runs, String replayOutput) {
    ServerResults held = ServerResults.read(new AraApi(server.url()));
    String context = server.url() + " holds " + held.summary() + "; the replay said:\n" + replayOutput;
    assertEquals(runs.size(), held.playbooks(), "one playbook per run: " + context);
    assertTrue(held.duplicates().isEmpty(), "no result twice: " + context);
    for (JournalRuns.Run run : runs) {
      assertEquals(run.results(), held.resultsOf(run.started()), "results of run " + run.id() + ": " + context);
    }
    assertEquals(runs.stream().mapToInt(JournalRuns.Run::results).sum(), held.results(), "no other results: " + context);
  }

  /** The replay's log line "N run(s) were delivered to URL before", for this server. */
  private static Pattern deliveredBefore(int runs, AraServer server) {
    return Pattern.compile("\\b" + runs + " run\\(s\\) were delivered to \\S*127\\.0\\.0\\.1:" + server.port()
        + "\\S* before");
  }

  private static void copy(String resource, Path dir) throws IOException {
    try (InputStream in = AirGappedFlowTest.class.getResourceAsStream("/replay/" + resource)) {
      Files.copy(in, dir.resolve(resource));
    }
  }
}
