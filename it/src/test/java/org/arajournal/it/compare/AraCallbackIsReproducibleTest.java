package org.arajournal.it.compare;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.arajournal.it.compare.SnapshotAssertions.assertOneFinishedPlaybook;

import java.nio.file.Path;
import java.util.List;
import org.arajournal.it.support.AraServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates the comparison itself: two runs of a corpus case with ARA's own callback, into two
 * fresh servers, must give snapshots without a single difference. A difference here means the
 * normalisation is wrong (or ARA is not deterministic), not that a replay is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AraCallbackIsReproducibleTest {
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void twoRunsWithAraCallbackRecordTheSame(CorpusCase c) {
    long markA = readerA.newestPlaybookId();
    long markB = readerB.newestPlaybookId();

    Compare.inParallel(() -> corpus.runWithAraCallback(c, serverA.url()),
        () -> corpus.runWithAraCallback(c, serverB.url()));

    AraSnapshot left = readerA.readAfter(markA);
    AraSnapshot right = readerB.readAfter(markB);
    assertOneFinishedPlaybook(c.name() + " on A", left);
    assertOneFinishedPlaybook(c.name() + " on B", right);
    assertNoDifferences("ara-vs-ara-" + c.name(), left, right);
  }
}
