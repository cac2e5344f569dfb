package org.arajournal.it.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arajournal.checkpoint.ReplayLock;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replays of one journal into one server at once duplicated records: now the second one is
 * refused while the first runs (exit 4, naming it), a replay into another server runs beside it,
 * and a replay killed with SIGKILL leaves no lock behind.
 */
class TwoReplaysTest {
  /** Exit value of a process killed by SIGKILL, as {@link Process#exitValue()} reports it. */
  private static final int KILLED = 137;

  @Test
  void aSecondReplayIntoTheSameServerIsRefusedWhileAnotherServerIsServedBesideIt(@TempDir Path dir) throws Exception {
    Path journal = RunCopies.write(RecordedRun.record(dir, "site.yml"), dir.resolve("big"), 30);
    List<JournalRuns.Run> runs = JournalRuns.of(journal);
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")));
        AraServer other = AraServer.start(Files.createDirectories(dir.resolve("ara-other")))) {
      Process first = startReplay(journal, server, dir.resolve("first.out"));
      Path lock = awaitLockHeldBy(first, journal);

      JsonNode status = status(journal, server);
      assertEquals(first.pid(), status.path("replay_running").path("pid").asLong(), "status names it: " + status);

      Processes.Result second = ReplayCli.replay(journal, server.url());
      assertEquals(4, second.exitCode(), second.output());
      assertTrue(second.output().contains("pid " + first.pid()), "the refusal names the other replay:\n"
          + second.output());
      assertTrue(first.isAlive(), "the second replay was refused while the first still ran (lock " + lock + ")");

      Processes.Result toOther = ReplayCli.replay(journal, other.url());
      assertEquals(0, toOther.exitCode(), "another server is replayed to at the same time:\n" + toOther.output());

      assertTrue(first.waitFor(5, TimeUnit.MINUTES), "the first replay ends");
      assertEquals(0, first.exitValue(), Files.readString(dir.resolve("first.out")));
      assertEveryRecordOnce(server, runs, Files.readString(dir.resolve("first.out")) + second.output());
      assertEveryRecordOnce(other, runs, toOther.output());
      assertTrue(status(journal, server).path("replay_running").isNull(), "no replay runs any more");
    }
  }

  @Test
  void aReplayKilledWithSigkillLeavesNoLockAndTheNextCompletesItsWork(@TempDir Path dir) throws Exception {
    Path journal = RunCopies.write(RecordedRun.record(dir, "site.yml"), dir.resolve("big"), 20);
    List<JournalRuns.Run> runs = JournalRuns.of(journal);
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      Process killed = startReplay(journal, server, dir.resolve("killed.out"));
      awaitLockHeldBy(killed, journal);
      await("the replay to create records").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> !new AraApi(server.url()).list("playbooks").isEmpty() || !killed.isAlive());
      killed.destroyForcibly();
      assertEquals(KILLED, killed.waitFor());

      Processes.Result next = ReplayCli.replay(journal, server.url());
      assertEquals(0, next.exitCode(), next.output());
      assertEveryRecordOnce(server, runs, Files.readString(dir.resolve("killed.out")) + next.output());
    }
  }

  private static Process startReplay(Path journal, AraServer server, Path output) throws Exception {
    File log = output.toFile();
    return Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(), "--to",
        server.url()), Map.of(), journal.getParent(), log);
  }

  /** Waits until {@code replay} holds the lock of its state (the default, inside the journal); returns the lock. */
  private static Path awaitLockHeldBy(Process replay, Path journal) {
    Path[] lock = new Path[1];
    await("the replay to take its lock").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptions().until(() -> {
          try (var files = Files.walk(journal.resolve("replayed"))) {
            lock[0] = files.filter(p -> p.getFileName().toString().equals("replay.lock")).findFirst().orElseThrow();
          }
          return ReplayLock.holder(lock[0]).map(h -> h.pid() == replay.pid()).orElse(false) || !replay.isAlive();
        });
    assertTrue(replay.isAlive(), "the replay ended before it could be caught running");
    return lock[0];
  }

  private static JsonNode status(Path journal, AraServer server) throws Exception {
    Processes.Result status = Processes.run(List.of(Tools.launcher().toString(), "status", "--from",
        journal.toString(), "--to", server.url(), "--json"), Map.of(), journal.getParent(), Duration.ofMinutes(1));
    assertEquals(0, status.exitCode(), status.output());
    String output = status.output();
    return new ObjectMapper().readTree(output.substring(output.indexOf('{'))).path("targets").get(0);
  }

  private static void assertEveryRecordOnce(AraServer server, List<JournalRuns.Run> runs, String replays) {
    ServerResults held = ServerResults.read(new AraApi(server.url()));
    String context = server.url() + " holds " + held.summary() + "; the replays said:\n" + replays;
    assertEquals(runs.size(), held.playbooks(), "one playbook per run: " + context);
    assertTrue(held.duplicates().isEmpty(), "no result twice: " + context);
    assertEquals(runs.stream().mapToInt(JournalRuns.Run::results).sum(), held.results(), "every result: " + context);
  }
}
