package org.arajournal.it.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arajournal.event.Payload;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops a replay at once with exit 0, and the next replay completes it exactly once. */
class StopSignalTest {
  @TempDir static Path shared;
  static Path journal;
  static RecordedRun recorded;

  @BeforeAll
  static void record() throws IOException {
    journal = RecordedRun.record(shared, "many.yml", "step.yml");
    recorded = RecordedRun.only(journal);
  }

  @Test
  void sigtermMidwayExitsZeroWithinFiveSecondsAndTheNextReplayCompletesTheRun(@TempDir Path dir) throws Exception {
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      AraApi api = new AraApi(server.url());
      File output = dir.resolve("replay.out").toFile();
      Process replay = start(server.url(), dir, output);
      await("some results in ARA").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> api.count("results") >= 10);

      assertStopsCleanly(replay, output);
      long expected = recorded.all(Payload.ResultRecorded.class).size();
      assertTrue(api.count("results") < expected, "the replay was stopped before its end");

      Processes.Result again = ReplayCli.replay(journal, server.url(), "--state", dir.resolve("state").toString());
      assertEquals(0, again.exitCode(), again.output());
      assertEquals(1, api.count("playbooks"));
      assertEquals(expected, api.count("results"), "every result exactly once:\n" + again.output());
      assertEquals(recorded.all(Payload.TaskStarted.class).size(), api.count("tasks"));
      assertEquals("completed", api.onlyPlaybook().get("status").asText());
    }
  }

  @Test
  void sigtermWhileTheServerIsDownExitsZeroWithinFiveSeconds(@TempDir Path dir) throws Exception {
    File output = dir.resolve("replay.out").toFile();
    Process replay = start("http://127.0.0.1:" + AraServer.freePort(), dir, output);
    await("the replay to wait for the server").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
        .until(() -> read(output).contains("unreachable since"));

    assertStopsCleanly(replay, output);
  }

  private static Process start(String url, Path dir, File output) throws IOException {
    return Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(), "--to", url,
        "--state", dir.resolve("state").toString()), Map.of(), dir, output);
  }

  private static void assertStopsCleanly(Process replay, File output) throws Exception {
    replay.destroy(); // SIGTERM
    boolean exited = replay.waitFor(5, TimeUnit.SECONDS);
    if (!exited) {
      replay.destroyForcibly();
    }
    assertTrue(exited, "the replay did not exit within 5 s of SIGTERM:\n" + read(output));
    assertEquals(0, replay.exitValue(), read(output));
    assertTrue(read(output).contains("stopping on a signal"), read(output));
  }

  private static String read(File file) throws IOException {
    return Files.readString(file.toPath(), StandardCharsets.UTF_8);
  }
}
