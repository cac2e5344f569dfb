package org.arajournal.cli;

import java.nio.file.Path;
import org.arajournal.journal.Journal;
import picocli.CommandLine.Option;

/** The journal a replay reads and where its state is kept: the options replay and status share. */
final class ReplaySource {
  @Option(names = "--from", paramLabel = "DIR",
      description = "Journal directory (default: $ARA_JOURNAL_DIR or ~/.ara/journal).")
  Path from;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Where to keep what was delivered to which server (default: DIR/replayed inside the journal)."
          + " Keyed by journal id and server, so a journal copied again replays only what is new.")
  Path stateDir;

  /** The journal directory given, or the default one. */
  Path journal() {
    return from != null ? from : Journal.defaultDir();
  }

  /** The state directory given, or the one inside {@code journalDir}. */
  Path stateDir(Path journalDir) {
    return stateDir != null ? stateDir : journalDir.resolve("replayed");
  }
}
