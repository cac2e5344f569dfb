package org.arajournal.bench;

import org.arajournal.journal.JournalAppender;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** A fresh scratch journal and its appender per iteration, and the 2 KB event the subclasses append. */
abstract class AppendingBenchmark extends JournalBenchmark {
  protected final byte[] event = SampleEvents.result(1, SampleEvents.EVENT_BYTES);
  private ScratchJournal journal;
  protected JournalAppender appender;

  @Setup(Level.Iteration)
  public void openJournal() {
    journal = new ScratchJournal();
    appender = journal.journal().appender();
  }

  @TearDown(Level.Iteration)
  public void deleteJournal() {
    appender.close();
    journal.close();
  }
}
