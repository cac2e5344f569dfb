package org.arajournal.it.compare;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.arajournal.it.compare.SnapshotAssertions.assertOneFinishedPlaybook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product's promise: for every corpus case, recording with ara_journal and then running
 * {@code ara-journal replay} puts into ARA exactly what ARA's own callback puts there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayMatchesAraCallbackTest {
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
    Compare.inParallel(() -> corpus.runWithAraCallback(c, reference.url()), () -> corpus.record(c, journal));

    Processes.Result replay = Processes.run(
        List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(), "--to", replayed.url()),
        Map.of(), dir, Duration.ofMinutes(5));
    if (replay.exitCode() != 0) {
      throw new AssertionError("ara-journal replay --from " + journal + " --to " + replayed.url() + " exited "
          + replay.exitCode() + ":\n" + replay.output());
    }

    AraSnapshot expected = referenceReader.readAfter(referenceMark);
    AraSnapshot actual = replayedReader.readAfter(replayedMark);
    assertOneFinishedPlaybook(c.name() + " from ara_default", expected);
    assertNoDifferences("replay-vs-ara-" + c.name(), expected, actual);
  }
}
