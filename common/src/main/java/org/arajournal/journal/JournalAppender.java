package org.arajournal.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

/** Appends JSON documents to a journal, one excerpt each; confined to the thread that made it. */
public final class JournalAppender implements AutoCloseable {
  private static final int PAGE = 4096;
  /** 64 KB: a burst of some thirty 2 KB events after one idle moment still finds its pages ready. */
  private static final int PAGES_AHEAD = 16;

  private final ExcerptAppender appender;
  private final Runnable onNewCycleFile;
  private final DiskSpace space;
  private int cycle = Integer.MIN_VALUE;

  JournalAppender(ExcerptAppender appender, Runnable onNewCycleFile, DiskSpace space) {
    this.appender = appender;
    this.onNewCycleFile = onNewCycleFile;
    this.space = space;
  }

  /**
   * Appends one UTF-8 JSON document exactly as given and returns its journal index. The excerpt
   * holds nothing but those bytes, so any tool that reads Chronicle excerpts can read it.
   *
   * @throws JournalFullException when the disk is too full: nothing was written
   */
  public long append(byte[] utf8Json) {
    space.claim(utf8Json.length);
    long index;
    try (DocumentContext dc = appender.writingDocument()) {
      try {
        Bytes<?> bytes = dc.wire().bytes();
        bytes.write(utf8Json);
        index = dc.index();
      } catch (RuntimeException | Error e) {
        // e.g. the SIGBUS of a page the file system could not give (an InternalError): an excerpt
        // cut short must not be completed, or readers would find a damaged entry
        dc.rollbackOnClose();
        throw e;
      }
    }
    if (appender.cycle() != cycle) {
      cycle = appender.cycle();
      onNewCycleFile.run();
    }
    return index;
  }

  /**
   * Maps in the pages the next appends will write, so that a page fault costs an idle moment
   * rather than the next event: the first write to each fresh page of the mapped queue file
   * faults (about 5 us here), a tail a steady trickle of appends would otherwise pay on every
   * other 2 KB event. Call it when there is nothing to append.
   *
   * <p>Each page is touched by a compare-and-swap of 0 for 0: it writes nothing, so it cannot
   * clobber an excerpt another process is appending there (their appends also go to the queue's
   * end), and readers still see unwritten space. Only pages of the block already mapped are
   * touched; the first append to the next block maps it as before.
   */
  public void touchAhead() {
    if (!space.has((long) PAGES_AHEAD * PAGE * 2)) {
      return; // touching allocates the pages: not on a nearly full disk
    }
    Wire wire = appender.wire();
    if (wire == null) {
      return; // nothing appended yet: no block mapped to touch
    }
    Bytes<?> bytes = wire.bytes();
    BytesStore<?, ?> block = bytes.bytesStore();
    if (block == null) {
      return;
    }
    long page = bytes.writePosition() & -PAGE;
    for (int ahead = 1; ahead <= PAGES_AHEAD; ahead++) {
      long offset = page + (long) ahead * PAGE;
      if (!block.inside(offset, Integer.BYTES)) {
        return; // the next block is mapped by the append that reaches it
      }
      block.compareAndSwapInt(offset, 0, 0);
    }
  }

  @Override
  public void close() {
    appender.close();
  }
}
