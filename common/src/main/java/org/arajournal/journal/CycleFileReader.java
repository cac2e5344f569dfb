package org.arajournal.journal;

import java.io.Closeable;
import java.io.IOException;
import net.openhft.chronicle.queue.RollCycle;

/** Reads one cycle file's entries by hand ({@link CycleFile}), in order, up to its end marker or its first tear. */
final class CycleFileReader implements Closeable {
  private final CycleFile file;
  private final RollCycle rollCycle;
  private long at;
  private long sequence;
  private CycleFile.Found stop;

  CycleFileReader(CycleFile file, RollCycle rollCycle) {
    this.file = file;
    this.rollCycle = rollCycle;
  }

  int cycle() {
    return file.cycle();
  }

  /** How many entries were read: the sequence number of the next. */
  long sequence() {
    return sequence;
  }

  /** The next whole entry, or {@code null} at the end marker ({@link #ended()}) or at a tear. */
  RawEntry next() throws IOException {
    stop = file.find(at);
    if (stop != CycleFile.Found.ENTRY) {
      return null;
    }
    byte[] data = file.data();
    if (CycleFile.cutShort(data)) {
      stop = CycleFile.Found.NOTHING_YET;
      return null;
    }
    RawEntry entry = new RawEntry(rollCycle.toIndex(file.cycle(), sequence), data);
    at = file.next();
    sequence++;
    return entry;
  }

  /** Whether the last {@link #next()} found the end-of-cycle marker: the entries go on in a later cycle file. */
  boolean ended() {
    return stop == CycleFile.Found.END_OF_CYCLE;
  }

  /** Whether the file holds whole entries up to its end-of-cycle marker. */
  boolean readsToItsEnd() throws IOException {
    while (next() != null) {
      // only the end matters
    }
    return ended();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
