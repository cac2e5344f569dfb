package org.arajournal.it.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARA's "latest hosts" (its hosts page) name, for each host, the newest playbook that ran on it, as
 * ARA's callback leaves them, even when a replay sends an older run after a newer one: runs replayed
 * in parallel, a replay resumed after a crash, an air-gapped journal older than the server's runs.
 */
class LatestHostsTest {
  @Test
  void anOlderRunReplayedAfterANewerOneLeavesEveryHostOnTheNewerPlaybook(@TempDir Path dir) throws Exception {
    Path journal = RunCopies.write(RecordedRun.record(dir, "site.yml"), dir.resolve("copies"), 2);
    List<JournalRuns.Run> runs = JournalRuns.of(journal);
    JournalRuns.Run older = runs.get(0);
    JournalRuns.Run newer = runs.get(1);
    assertFalse(newer.started().isBefore(older.started()), "RunCopies shifts each copy later: " + runs);

    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      Processes.Result first = ReplayCli.replay(journal, server.url(), "--run", newer.id().toString());
      assertEquals(0, first.exitCode(), first.output());
      AraApi api = new AraApi(server.url());
      Map<String, String> afterNewer = latestPlaybookPaths(api);
      assertFalse(afterNewer.isEmpty(), "the newer run's hosts are ARA's latest hosts:\n" + first.output());

      Processes.Result second = ReplayCli.replay(journal, server.url());
      assertEquals(0, second.exitCode(), second.output());
      assertEquals(2, api.list("playbooks").size(), "both runs are in ARA:\n" + second.output());
      assertEquals(afterNewer, latestPlaybookPaths(api),
          "replaying the older run must not make it the hosts' latest playbook:\n" + second.output());
      assertEquals(2 * afterNewer.size(), api.list("hosts").size(), "each run holds each host once");
    }
  }

  /** Host name to the path of the playbook ARA calls its latest. */
  private static Map<String, String> latestPlaybookPaths(AraApi api) {
    Map<String, String> latest = new TreeMap<>();
    for (JsonNode entry : api.list("latesthosts")) {
      latest.put(entry.path("name").asText(), entry.path("host").path("playbook").path("path").asText());
    }
    return latest;
  }
}
