package org.arajournal.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/** Appends JSON documents to a journal, one excerpt each; confined to the thread that made it. */
public final class JournalAppender implements AutoCloseable {
  private final ExcerptAppender appender;
  private final Runnable onNewCycleFile;
  private int cycle = Integer.MIN_VALUE;

  JournalAppender(ExcerptAppender appender, Runnable onNewCycleFile) {
    this.appender = appender;
    this.onNewCycleFile = onNewCycleFile;
  }

  /**
   * Appends one UTF-8 JSON document exactly as given and returns its journal index. The excerpt
   * holds nothing but those bytes, so any tool that reads Chronicle excerpts can read it.
   */
  public long append(byte[] utf8Json) {
    long index;
    try (DocumentContext dc = appender.writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.write(utf8Json);
      index = dc.index();
    }
    if (appender.cycle() != cycle) {
      cycle = appender.cycle();
      onNewCycleFile.run();
    }
    return index;
  }

  @Override
  public void close() {
    appender.close();
  }
}
