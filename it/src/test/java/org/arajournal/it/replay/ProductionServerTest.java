package org.arajournal.it.replay;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.arajournal.it.compare.AraSnapshot;
import org.arajournal.it.compare.Normaliser;
import org.arajournal.it.compare.SnapshotReader;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraPostgresServer;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays into ARA as production deploys it (gunicorn, 4 workers, on PostgreSQL): what lands there
 * is what lands in the embedded sqlite server, and replays of several journals at once into one
 * server leave every record once and ARA's latest-hosts index on each host's newest playbook.
 */
class ProductionServerTest {
  private static final int HOSTS = 10;
  private static final int TASKS = 5;
  private static final int JOURNALS = 4;
  private static final int COPIES_PER_JOURNAL = 5;

  @Test
  void aReplayIntoGunicornOnPostgresHoldsWhatTheSqliteServerHolds(@TempDir Path dir) throws IOException {
    Path journal = RecordedRun.record(dir, "site.yml");
    try (AraServer sqlite = AraServer.start(Files.createDirectories(dir.resolve("ara-sqlite")));
        AraPostgresServer postgres = AraPostgresServer.start()) {
      Processes.Result intoSqlite = ReplayCli.replay(journal, sqlite.url());
      assertEquals(0, intoSqlite.exitCode(), intoSqlite.output());
      Processes.Result intoPostgres = ReplayCli.replay(journal, postgres.url());
      assertEquals(0, intoPostgres.exitCode(), intoPostgres.output() + "\n" + postgres.serverLog());

      AraSnapshot expected = new SnapshotReader(new AraApi(sqlite.url()), new Normaliser()).readAll();
      AraSnapshot actual = new SnapshotReader(new AraApi(postgres.url()), new Normaliser()).readAll();
      assertEquals(1, actual.playbookCount(), intoPostgres.output());
      assertTrue(actual.resultCount() > 0, "the run's results reached PostgreSQL: " + intoPostgres.output());
      assertNoDifferences("sqlite-vs-postgres", expected, actual);
    }
  }

  @Test
  void fourReplaysOfFourJournalsAtOnceLeaveEveryRecordOnceAndEachHostOnItsNewestPlaybook(@TempDir Path dir)
      throws Exception {
    Path recorded = recordLargePlaybook(dir);
    List<Path> journals = new ArrayList<>();
    int runs = 0;
    int results = 0;
    for (int j = 0; j < JOURNALS; j++) {
      // Disjoint copy ranges: distinct runs in every journal, the newest one in the last.
      Path journal = RunCopies.write(recorded, dir.resolve("journal-" + j), j * COPIES_PER_JOURNAL, COPIES_PER_JOURNAL);
      journals.add(journal);
      for (JournalRuns.Run run : JournalRuns.of(journal)) {
        runs++;
        results += run.results();
      }
    }
    try (AraPostgresServer server = AraPostgresServer.start()) {
      List<Process> replays = new ArrayList<>();
      for (Path journal : journals) {
        replays.add(Processes.start(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(), "--to",
            server.url()), Map.of(), dir, dir.resolve(journal.getFileName() + ".out").toFile()));
      }
      StringBuilder outputs = new StringBuilder();
      for (int i = 0; i < replays.size(); i++) {
        Process replay = replays.get(i);
        assertTrue(replay.waitFor(10, TimeUnit.MINUTES), "replay of " + journals.get(i) + " ends");
        String output = Files.readString(dir.resolve(journals.get(i).getFileName() + ".out"));
        outputs.append(output);
        assertEquals(0, replay.exitValue(), output);
      }
      AraApi api = new AraApi(server.url());
      ServerResults held = ServerResults.read(api);
      String context = server.url() + " holds " + held.summary() + "; the replays said:\n" + outputs;
      assertEquals(runs, held.playbooks(), "one playbook per run: " + context);
      assertTrue(held.duplicates().isEmpty(), "no result twice: " + context);
      assertEquals(results, held.results(), "every result: " + context);
      assertEachHostOnTheNewestPlaybook(api);
    }
  }

  private static Path recordLargePlaybook(Path dir) throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    LargePlaybook playbook = LargePlaybook.writeInto(work, HOSTS, TASKS);
    Path journal = dir.resolve("recorded");
    Processes.Result run = Ansible.recordingInto(work, journal).run(Duration.ofMinutes(10), playbook.playbook(), "-i",
        playbook.inventory().toString(), "--forks", Integer.toString(HOSTS));
    assertEquals(0, run.exitCode(), run.output());
    return journal;
  }

  /** Every host name ARA lists as latest points at the playbook that started last among those holding it. */
  private static void assertEachHostOnTheNewestPlaybook(AraApi api) {
    Map<Long, Instant> started = new TreeMap<>();
    api.list("playbooks").forEach(p -> started.put(p.path("id").asLong(), AraApi.time(p, "started")));
    Map<String, Long> newest = new TreeMap<>();
    for (JsonNode host : api.list("hosts")) {
      newest.merge(host.path("name").asText(), host.path("playbook").asLong(),
          (a, b) -> started.get(a).isAfter(started.get(b)) ? a : b);
    }
    Map<String, Long> latest = new TreeMap<>();
    for (JsonNode entry : api.list("latesthosts")) {
      latest.put(entry.path("name").asText(), entry.path("host").path("playbook").path("id").asLong());
    }
    assertEquals(newest, latest, "ARA's latest hosts (host name to playbook id) against the newest playbook "
        + "holding each host; playbooks started: " + started);
  }
}
