package org.arajournal.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads a journal's documents in order, from the start or from an index; one thread only. */
public final class JournalReader implements AutoCloseable {
  private final ExcerptTailer tailer;

  JournalReader(ExcerptTailer tailer) {
    this.tailer = tailer;
  }

  /** The next document, or {@code null} when the reader has caught up with the writers. */
  public RawEntry next() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      Bytes<?> bytes = dc.wire().bytes();
      byte[] data = new byte[(int) bytes.readRemaining()];
      bytes.read(data);
      return new RawEntry(dc.index(), data);
    }
  }

  /** Positions the reader so that {@link #next()} returns the entry after {@code index}. */
  public boolean seekAfter(long index) {
    if (!tailer.moveToIndex(index)) {
      return false;
    }
    return next() != null;
  }

  @Override
  public void close() {
    tailer.close();
  }
}
