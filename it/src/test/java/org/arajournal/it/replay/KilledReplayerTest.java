package org.arajournal.it.replay;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.arajournal.event.Payload;
import org.arajournal.it.compare.AraSnapshot;
import org.arajournal.it.compare.Normaliser;
import org.arajournal.it.compare.RunWindow;
import org.arajournal.it.compare.SnapshotReader;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ara-journal replay} killed with SIGKILL at random moments and restarted each time puts
 * into ARA exactly what one uninterrupted replay puts there: one playbook, every result once.
 *
 * <p>The journal holds at least {@code killedReplay.results} (default 5,000) results: a real
 * recording of {@code killedReplay.hosts} (default 5) x {@code killedReplay.tasks} (default 40)
 * results, copied as distinct runs ({@link RunCopies}), because ansible-playbook needs ~0.2 s of CPU
 * per result on the 2-core test machine (5,000 recorded results took 13 min). The copies also make
 * the replay run several runs at once, as a real backlog does. {@code killedReplay.kills} (default
 * 10) and {@code killedReplay.seed} (default: the clock; logged, and in every failure message, to
 * repeat a run) set the moments.
 */
class KilledReplayerTest {
  private static final Logger LOG = LoggerFactory.getLogger(KilledReplayerTest.class);
  private static final int HOSTS = Integer.getInteger("killedReplay.hosts", 5);
  private static final int TASKS = Integer.getInteger("killedReplay.tasks", 40);
  private static final int RESULTS = Integer.getInteger("killedReplay.results", 5000);
  private static final int KILLS = Integer.getInteger("killedReplay.kills", 10);
  /** Kill moments lie in the first part of the replay, so that the last one still meets a running replay. */
  private static final double KILL_SPAN = 0.75;
  /** Exit value of a process killed by SIGKILL, as {@link Process#exitValue()} reports it. */
  private static final int KILLED = 128 + 9;

  @Test
  void aReplayKilledAtRandomMomentsAndRestartedDeliversWhatOneCleanReplayDelivers(@TempDir Path dir)
      throws Exception {
    long seed = Long.getLong("killedReplay.seed", System.currentTimeMillis());
    Random random = new Random(seed);
    LOG.info("kill moments from seed {} (repeat with -DkilledReplay.seed={}); {} hosts x {} tasks, {} kills", seed,
        seed, HOSTS, TASKS, KILLS);

    Path work = Files.createDirectories(dir.resolve("work"));
    LargePlaybook playbook = LargePlaybook.writeInto(work, HOSTS, TASKS);
    Path recorded = dir.resolve("recorded");
    Instant recordingStarted = Instant.now();
    // Deadlines scale with the size: ~0.2 s of Ansible CPU per result here, replays at >= 10 results/s.
    Duration recordingDeadline = Duration.ofMinutes(10).plusMillis(200L * playbook.expectedResults());
    Processes.Result run = Ansible.recordingInto(work, recorded).run(recordingDeadline, playbook.playbook(), "-i",
        playbook.inventory().toString(), "--forks", Integer.toString(HOSTS));
    RunWindow recording = new RunWindow(recordingStarted, Instant.now());
    assertEquals(0, run.exitCode(), run.output());
    int perRun = RecordedRun.only(recorded).all(Payload.ResultRecorded.class).size();
    assertEquals(playbook.expectedResults(), perRun, "results in the journal; ansible said:\n" + run.output());
    int copies = (RESULTS + perRun - 1) / perRun;
    Path journal = RunCopies.write(recorded, dir.resolve("journal"), copies);
    int recordedResults = copies * perRun;
    Duration replayDeadline = Duration.ofMinutes(5).plusMillis(100L * recordedResults);
    LOG.info("recorded {} results in {} s; the journal holds {} copies of the run, {} results", perRun,
        Duration.between(recording.from(), recording.to()).toSeconds(), copies, recordedResults);

    try (AraServer clean = AraServer.start(Files.createDirectories(dir.resolve("ara-clean")));
        AraServer killed = AraServer.start(Files.createDirectories(dir.resolve("ara-killed")))) {
      Processes.Result cleanReplay = Processes.run(replayCommand(journal, clean.url(), dir.resolve("state-clean")),
          Map.of(), dir, replayDeadline);
      assertEquals(0, cleanReplay.exitCode(), "the uninterrupted replay:\n" + cleanReplay.output());
      ServerResults reference = ServerResults.read(new AraApi(clean.url()));
      assertEquals(copies, reference.playbooks(), "uninterrupted replay: " + reference.summary());
      assertEquals(recordedResults, reference.results(), "uninterrupted replay: " + reference.summary());

      Path state = dir.resolve("state-killed");
      Path log = logFile(seed);
      List<String> kills = killRepeatedly(journal, killed, state, log, random, recordedResults, seed);
      Processes.Result last = Processes.run(replayCommand(journal, killed.url(), state), Map.of(), dir, replayDeadline);
      append(log, "=== final replay, exit " + last.exitCode() + "\n" + last.output());
      String context = "seed " + seed + ", kills " + kills + "; full replay log: " + log + "\nfinal replay:\n"
          + last.output();
      assertEquals(0, last.exitCode(), "the replay after the last kill must complete; " + context);

      ServerResults afterKills = ServerResults.read(new AraApi(killed.url()));
      LOG.info("after {} kills: {}", kills.size(), afterKills.summary());
      assertTrue(afterKills.duplicates().isEmpty(),
          "no (task, host) may hold two results: " + afterKills.summary() + "; " + context);
      assertEquals(copies, afterKills.playbooks(), "exactly one playbook per run: " + afterKills.summary() + "; "
          + context);
      assertEquals(recordedResults, afterKills.results(),
          "every recorded result exactly once: " + afterKills.summary() + "; " + context);

      AraSnapshot expected = new SnapshotReader(new AraApi(clean.url()), new Normaliser()).readAfter(0, recording);
      AraSnapshot actual = new SnapshotReader(new AraApi(killed.url()), new Normaliser()).readAfter(0, recording);
      try {
        assertNoDifferences("killed-replay-seed-" + seed, expected, actual);
      } catch (AssertionError differences) {
        throw new AssertionError("the server of the killed replay differs from the uninterrupted one: "
            + differences.getMessage() + "\n" + context, differences);
      }
    }
  }

  /**
   * Starts the replay and kills it {@link #KILLS} times, each time once the server holds more results
   * than at the last kill (the first time: once the playbook exists) and a random 0-2 s later,
   * restarting it after each kill. Returns, per kill, the results the server held and the random extra delay.
   */
  private static List<String> killRepeatedly(Path journal, AraServer server, Path state, Path log, Random random,
      int total, long seed) throws IOException, InterruptedException {
    AraApi api = new AraApi(server.url());
    List<String> kills = new ArrayList<>();
    long atLastKill = -1;
    for (int i = 0; i < KILLS; i++) {
      int attempt = i + 1;
      // Spread the moments over the first KILL_SPAN of the results, each jittered by up to half a step.
      double step = KILL_SPAN * total / KILLS;
      long target = Math.max(atLastKill + 1, Math.round(step * i + random.nextDouble() * step / 2));
      Duration extra = Duration.ofMillis(random.nextInt(2001));
      append(log, "=== replay " + attempt + ": kill once the server holds >= " + target + " results, then " + extra
          .toMillis() + " ms more\n");
      Process replay = Processes.start(replayCommand(journal, server.url(), state), Map.of(), journal.getParent(),
          log.toFile());
      try {
        await("replay " + attempt + " to bring the server to " + target + " results").atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> {
              assertRunning(replay, attempt, kills, log, seed);
              return api.count("playbooks") >= 1 && api.count("results") >= target;
            });
        // Awaitility rather than a sleep: the extra delay also ends early, and clearly, if the replay exits.
        await("the random extra delay before kill " + attempt).pollDelay(extra).atMost(extra.plusSeconds(5))
            .until(() -> true);
        assertRunning(replay, attempt, kills, log, seed);
        assertTrue(replay.info().command().orElse("").endsWith("java"), "bin/ara-journal must exec the JVM so that"
            + " SIGKILL hits the replayer itself, but process " + replay.pid() + " runs "
            + replay.info().command().orElse("(unknown)"));
        replay.destroyForcibly();
        assertTrue(replay.waitFor(30, TimeUnit.SECONDS), "the killed replay " + replay.pid() + " did not die");
        assertEquals(KILLED, replay.exitValue(), "replay " + attempt + " must die of SIGKILL; log: " + log);
      } finally {
        replay.descendants().forEach(ProcessHandle::destroyForcibly);
        replay.destroyForcibly();
      }
      atLastKill = api.count("results");
      kills.add(atLastKill + "@" + extra.toMillis() + "ms");
      append(log, "=== killed replay " + attempt + " (pid " + replay.pid() + "); the server holds " + atLastKill
          + " results\n");
      LOG.info("kill {}: the server holds {} of {} results", attempt, atLastKill, total);
    }
    return kills;
  }

  /** Fails if the replay ended by itself: before a kill it must still run, else the test kills nothing. */
  private static void assertRunning(Process replay, int attempt, List<String> kills, Path log, long seed) {
    if (!replay.isAlive()) {
      throw new AssertionError("replay " + attempt + " exited " + replay.exitValue() + " before it was killed"
          + " (seed " + seed + ", earlier kills at results " + kills + "); it must still be running so that "
          + KILLS + " kills hit it (a larger playbook or fewer kills help if it finished). Replay log " + log + ":\n"
          + tail(log, 80));
    }
  }

  private static List<String> replayCommand(Path journal, String url, Path state) {
    return List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(), "--to", url, "--state",
        state.toString());
  }

  /** Kept under it/target so that it outlives the test's temporary directory. */
  private static Path logFile(long seed) throws IOException {
    Path dir = Files.createDirectories(Tools.projectRoot().resolve("it/target/replay-logs"));
    Path file = dir.resolve("killed-replay-seed-" + seed + ".log");
    Files.deleteIfExists(file);
    return Files.createFile(file);
  }

  private static void append(Path log, String text) throws IOException {
    Files.writeString(log, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }
}
