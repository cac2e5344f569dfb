package org.arajournal.it.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.arajournal.event.Times;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ara-journal prune` on a journal of three days: the days every server has whole go, their disk
 * space comes back, a run not delivered keeps its day, and the journal replays and reads as before;
 * `replay --follow --prune-older-than` does the same as it runs.
 */
class PruneTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pruneRemovesOldDeliveredDaysKeepsTheRestAndSaysWhy(@TempDir Path dir) throws Exception {
    Path recorded = RecordedRun.record(dir, "site.yml"); // dir/journal
    Path journal = dir.resolve("three-days");
    Instant today = Instant.now();
    List<UUID> runs = new ArrayList<>();
    for (int daysAgo : List.of(10, 9, 0)) {
      runs.add(copyRun(recorded, journal, today.minus(Duration.ofDays(daysAgo))));
    }
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      // Deliver the first two days only: the newest day's run stays undelivered.
      Processes.Result replay = run(dir, "replay", "--from", journal.toString(), "--to", server.url(),
          "--run", runs.get(0).toString(), "--run", runs.get(1).toString());
      assertEquals(0, replay.exitCode(), replay.output());
      long before = sizeOnDisk(dir, journal);

      Processes.Result dryRun = run(dir, "prune", "--journal", journal.toString(), "--older-than", "5d", "--dry-run");
      assertEquals(0, dryRun.exitCode(), dryRun.output());
      assertTrue(dryRun.output().contains("would remove 2 run(s) in 2 file(s)"), dryRun.output());
      assertTrue(dryRun.output().contains("run " + runs.get(2) + " kept: not replayed to"), dryRun.output());
      assertEquals(before, sizeOnDisk(dir, journal), "a dry run removes nothing");

      Processes.Result prune = run(dir, "prune", "--journal", journal.toString(), "--older-than", "5d");
      assertEquals(0, prune.exitCode(), prune.output());
      assertTrue(prune.output().contains("removed 2 run(s) in 2 file(s)"), prune.output());
      assertTrue(sizeOnDisk(dir, journal) < before, "disk space came back: " + before + " -> "
          + sizeOnDisk(dir, journal));

      Processes.Result rest = run(dir, "replay", "--from", journal.toString(), "--to", server.url());
      assertEquals(0, rest.exitCode(), rest.output());
      assertTrue(rest.output().contains(runs.get(2) + " completed"), rest.output());
      assertEquals(3, new AraApi(server.url()).list("playbooks").size(), "nothing sent twice: " + rest.output());
    }
    assertEquals(List.of(runs.get(2)), runsIn(journal), "the journal reads as before, less the pruned days");
  }

  @Test
  void aFollowingReplayPrunesOldDaysOnceTheyAreDeliveredAndKeepsFollowing(@TempDir Path dir) throws Exception {
    Path recorded = RecordedRun.record(dir, "site.yml");
    Path journal = dir.resolve("three-days");
    Instant today = Instant.now();
    List<UUID> runs = new ArrayList<>();
    for (int daysAgo : List.of(10, 9, 0)) {
      runs.add(copyRun(recorded, journal, today.minus(Duration.ofDays(daysAgo))));
    }
    assertEquals(3, cycleFiles(journal), "one file per day");
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      AraApi api = new AraApi(server.url());
      File followLog = dir.resolve("follow.out").toFile();
      Process follow = Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(),
          "--to", server.url(), "--follow", "--prune-older-than", "5d", "--prune-every", "1s"), Map.of(), dir,
          followLog);
      try {
        await("the old days pruned once delivered").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200)).until(() -> cycleFiles(journal) == 1);
        assertEquals(3, api.list("playbooks").size(), "every run was delivered before its day went");
        // one pass or two: a pass may come between the deliveries of the two old runs
        assertEquals(2, prunedRuns(Files.readString(followLog.toPath())), Files.readString(followLog.toPath()));

        UUID later = copyRun(recorded, journal, Instant.now());
        await("a run recorded after pruning is followed").atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> api.list("playbooks").size() == 4);
        assertEquals(List.of(runs.get(2), later), runsIn(journal), "the newest day is kept whole");
      } finally {
        follow.destroy();
        assertTrue(follow.waitFor(30, TimeUnit.SECONDS), "the follow stops on SIGTERM");
      }
      assertEquals(0, follow.exitValue(), Files.readString(followLog.toPath()));
    }
  }

  @Test
  void pruningWhileReplayingNeedsFollow(@TempDir Path dir) throws Exception {
    Path journal = RecordedRun.record(dir, "site.yml");
    Processes.Result replay = run(dir, "replay", "--from", journal.toString(), "--to", "http://127.0.0.1:9/",
        "--prune-older-than", "5d");
    assertEquals(2, replay.exitCode(), replay.output());
    assertTrue(replay.output().contains("--prune-older-than works with --follow"), replay.output());
  }

  private static long cycleFiles(Path journal) throws Exception {
    try (var files = Files.list(journal.resolve("queue"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).count();
    }
  }

  private static Processes.Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(Tools.launcher().toString()));
    command.addAll(List.of(args));
    return Processes.run(command, Map.of(), dir, Duration.ofMinutes(3));
  }

  private static long sizeOnDisk(Path dir, Path journal) throws Exception {
    Processes.Result status = run(dir, "status", "--from", journal.toString(), "--json");
    assertEquals(0, status.exitCode(), status.output());
    JsonNode json = JSON.readTree(status.output().substring(status.output().indexOf('{')));
    assertTrue(json.path("size_on_disk").canConvertToLong(), json.toString());
    return json.path("size_on_disk").asLong();
  }

  /** Copies the recorded run into {@code journal} as a new run dated {@code day}, in that day's file. */
  private static UUID copyRun(Path recorded, Path journal, Instant day) throws Exception {
    List<ObjectNode> events = new ArrayList<>();
    try (Journal source = Journal.open(recorded); JournalReader reader = source.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        events.add((ObjectNode) JSON.readTree(entry.data()));
      }
    }
    UUID run = UUID.randomUUID();
    Map<String, String> ids = new HashMap<>();
    Duration shift = Duration.between(Times.parse(events.get(0).path("time").asText()), day);
    SetTimeProvider clock = new SetTimeProvider();
    clock.currentTimeMillis(day.toEpochMilli());
    try (Journal target = Journal.open(journal, clock);
        JournalAppender appender = target.appender()) {
      for (ObjectNode event : events) {
        event.put("run", run.toString());
        for (String field : List.of("time", "started")) {
          if (event.path(field).isTextual()) {
            event.put(field, Times.format(Times.parse(event.path(field).asText()).plus(shift)));
          }
        }
        for (String field : List.of("uuid", "play_uuid", "task_uuid")) {
          if (event.path(field).isTextual()) {
            event.put(field, ids.computeIfAbsent(event.path(field).asText(), old -> UUID.randomUUID().toString()));
          }
        }
        appender.append(JSON.writeValueAsBytes(event));
      }
    }
    return run;
  }

  private static List<UUID> runsIn(Path journal) throws Exception {
    List<UUID> runs = new ArrayList<>();
    try (Journal opened = Journal.open(journal); JournalReader reader = opened.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        UUID run = UUID.fromString(JSON.readTree(entry.data()).path("run").asText());
        if (!runs.contains(run)) {
          runs.add(run);
        }
      }
    }
    return runs;
  }

  /** The runs the follow's pruning passes say they removed, over all passes. */
  private static int prunedRuns(String log) {
    Matcher pass = Pattern.compile("pruned (\\d+) run\\(s\\)").matcher(log);
    int runs = 0;
    while (pass.find()) {
      runs += Integer.parseInt(pass.group(1));
    }
    return runs;
  }
}
