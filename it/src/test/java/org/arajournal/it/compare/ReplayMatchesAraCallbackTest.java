package org.arajournal.it.compare;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.arajournal.it.compare.SnapshotAssertions.assertOneFinishedPlaybook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's promise: for every corpus case, recording with ara_journal and then running
 * {@code ara-journal replay} puts into ARA exactly what ARA's own callback puts there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayMatchesAraCallbackTest {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayMatchesAraCallbackTest.class);
  private Path dir;
  private AraServer reference;
  private AraServer replayed;
  private SnapshotReader referenceReader;
  private SnapshotReader replayedReader;
  private CorpusRunner corpus;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    reference = AraServer.start(Compare.dir(dir.resolve("ara-reference")));
    replayed = AraServer.start(Compare.dir(dir.resolve("ara-replayed")));
    referenceReader = new SnapshotReader(new AraApi(reference.url()), new Normaliser());
    replayedReader = new SnapshotReader(new AraApi(replayed.url()), new Normaliser());
    corpus = CorpusRunner.copyInto(dir.resolve("corpus"));
  }

  @AfterAll
  void stop() {
    if (reference != null) {
      reference.close();
    }
    if (replayed != null) {
      replayed.close();
    }
  }

  static List<CorpusCase> cases() {
    return Corpus.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void replayRecordsWhatAraCallbackRecords(CorpusCase c) {
    long referenceMark = referenceReader.newestPlaybookId();
    long replayedMark = replayedReader.newestPlaybookId();
    Path journal = dir.resolve("journal-" + c.name());
    long start = System.nanoTime();
    List<CorpusRun> runs = Compare.inParallel(() -> corpus.runWithAraCallback(c, reference.url()),
        () -> corpus.record(c, journal));
    long ran = System.nanoTime();

    Processes.Result replay = Processes.run(
        List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(), "--to", replayed.url()),
        Map.of(), dir, Duration.ofMinutes(5));
    if (replay.exitCode() != 0) {
      throw new AssertionError("ara-journal replay --from " + journal + " --to " + replayed.url() + " exited "
          + replay.exitCode() + ":\n" + replay.output());
    }

    long pushed = System.nanoTime();

    // Times must come from the run that produced them: ara_default's run, and the recording run
    // (not the replay) for what the replay wrote.
    AraSnapshot expected = referenceReader.readAfter(referenceMark, runs.get(0).window());
    AraSnapshot actual = replayedReader.readAfter(replayedMark, runs.get(1).window());
    LOG.info("{}: ara_default and recording runs {} ms, replay {} ms, two snapshots {} ms, {} results expected", c,
        (ran - start) / 1_000_000, (pushed - ran) / 1_000_000, (System.nanoTime() - pushed) / 1_000_000,
        expected.resultCount());
    assertOneFinishedPlaybook(c.name() + " from ara_default", expected);
    assertNoDifferences("replay-vs-ara-" + c.name(), expected, actual);
  }
}
