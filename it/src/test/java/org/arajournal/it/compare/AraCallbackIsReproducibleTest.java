package org.arajournal.it.compare;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.arajournal.it.compare.SnapshotAssertions.assertOneFinishedPlaybook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the comparison itself: two runs of a corpus case with ARA's own callback, into two
 * fresh servers, must give snapshots without a single difference. A difference here means the
 * normalisation is wrong (or ARA is not deterministic), not that a replay is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AraCallbackIsReproducibleTest {
  private static final Logger LOG = LoggerFactory.getLogger(AraCallbackIsReproducibleTest.class);
  private Path dir;
  private AraServer serverA;
  private AraServer serverB;
  private SnapshotReader readerA;
  private SnapshotReader readerB;
  private CorpusRunner corpus;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    serverA = AraServer.start(Compare.dir(dir.resolve("ara-a")));
    serverB = AraServer.start(Compare.dir(dir.resolve("ara-b")));
    readerA = new SnapshotReader(new AraApi(serverA.url()), new Normaliser());
    readerB = new SnapshotReader(new AraApi(serverB.url()), new Normaliser());
    corpus = CorpusRunner.copyInto(dir.resolve("corpus"));
  }

  @AfterAll
  void stop() {
    if (serverA != null) {
      serverA.close();
    }
    if (serverB != null) {
      serverB.close();
    }
  }

  static List<CorpusCase> cases() {
    return Corpus.cases();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void twoRunsWithAraCallbackRecordTheSame(CorpusCase c) {
    long markA = readerA.newestPlaybookId();
    long markB = readerB.newestPlaybookId();

    long start = System.nanoTime();
    List<CorpusRun> runs = Compare.inParallel(() -> corpus.runWithAraCallback(c, serverA.url()),
        () -> corpus.runWithAraCallback(c, serverB.url()));
    long ran = System.nanoTime();

    AraSnapshot left = readerA.readAfter(markA, runs.get(0).window());
    AraSnapshot right = readerB.readAfter(markB, runs.get(1).window());
    LOG.info("{}: two ara_default runs {} ms, two snapshots {} ms, {} results each", c,
        (ran - start) / 1_000_000, (System.nanoTime() - ran) / 1_000_000, left.resultCount());
    assertOneFinishedPlaybook(c.name() + " on A", left);
    assertOneFinishedPlaybook(c.name() + " on B", right);
    assertNoDifferences("ara-vs-ara-" + c.name(), left, right);
  }

  /** The other half of the validation: a real change on a real server is reported, and only it. */
  @Order(2)
  @Test
  void aChangeMadeOnTheServerIsReportedAtItsPath() throws Exception {
    if (readerB.newestPlaybookId() == 0) {
      corpus.runWithAraCallback(Corpus.TAGS, serverB.url());
    }
    long playbook = readerB.newestPlaybookId();
    AraSnapshot before = readerB.readAll();
    AraApi api = new AraApi(serverB.url());
    long result = api.list("results", "playbook", Long.toString(playbook)).get(0).path("id").asLong();

    patch(serverB.url() + "/api/v1/results/" + result, "{\"status\": \"unreachable\"}");
    patch(serverB.url() + "/api/v1/playbooks/" + playbook, "{\"name\": \"tampered\"}");
    List<Difference> differences = SnapshotDiff.between(before, readerB.readAll());

    assertEquals(2, differences.size(), SnapshotDiff.report(differences));
    assertTrue(differences.stream().anyMatch(d -> d.path().matches("/playbooks/.*/results/[^/]+/status")
        && d.right().asText().equals("unreachable")), SnapshotDiff.report(differences));
    assertTrue(differences.stream().anyMatch(d -> d.path().matches("/playbooks/\\[[^\\]]*\\]/name")
        && d.right().asText().equals("tampered")), SnapshotDiff.report(differences));
  }

  private static void patch(String url, String json) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), "PATCH " + url + " " + json + ": " + response.body());
  }
}
