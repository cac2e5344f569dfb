package org.arajournal.recorder;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arajournal.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ara-journal record}: the recorder process the callback plugin starts. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "Append framed events from stdin to the journal (started by the ara_journal callback).")
public final class RecordCli implements Callable<Integer> {
  @Option(names = "--journal", description = "Journal directory (default: $ARA_JOURNAL_DIR or ~/.ara/journal).")
  Path journal;

  @Override
  public Integer call() throws Exception {
    return new RecordCommand(journal != null ? journal : Journal.defaultDir()).run();
  }
}
