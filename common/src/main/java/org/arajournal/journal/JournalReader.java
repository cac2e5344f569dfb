package org.arajournal.journal;

import java.io.IOException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a journal's documents in order, from the start or from an index; one thread only.
 *
 * <p>A journal copied while it was written (air-gapped users copy it on a schedule) can end in an
 * entry whose header or data were not copied whole, in a cycle file cut short, or in a cycle file
 * with nothing whole in it yet. The reader returns every whole entry before the first such tear
 * and then reports no more entries, as at the end of a live journal, so a later, fuller copy
 * placed over the same directory reads on from there. Chronicle reads the cycle files it can map
 * safely ({@link CycleFiles#mappable}); the others are read by hand ({@link CycleFileReader}),
 * and Chronicle is kept from moving on into them by itself.
 */
public final class JournalReader implements AutoCloseable {
  private final SingleChronicleQueue queue;
  private final RollCycle rollCycle;
  private final CycleFiles files;

  /** Whether the reader is at the start or after an entry: false until a cycle file is found. */
  private boolean positioned;
  /** The cycle file read by hand, or null while Chronicle reads. */
  private CycleFileReader byHand;

  /** Created on first use: creating a tailer maps the first cycle file, which may be torn. */
  private ExcerptTailer tailer;
  /** The cycle Chronicle reads in, and the offset just past its last entry read there (0: none). */
  private int cycle;
  private long end;
  /** The file of {@link #cycle}, opened to see whether Chronicle is at its end. */
  private CycleFile current;

  JournalReader(SingleChronicleQueue queue, CycleFiles files) {
    this.queue = queue;
    this.rollCycle = queue.rollCycle();
    this.files = files;
  }

  /** The next document, or {@code null} when the reader has caught up with the writers. */
  public RawEntry next() {
    try {
      // Each pass returns or moves on to a later cycle file, so the loop ends.
      while (true) {
        if (!positioned && !start()) {
          return null;
        }
        if (byHand != null) {
          RawEntry entry = byHand.next();
          if (entry != null) {
            return entry;
          }
          if (!moveOnFromByHand()) {
            return null;
          }
          continue;
        }
        Integer unmappable = unmappableAhead();
        if (unmappable != null) {
          readByHand(unmappable);
          continue;
        }
        RawEntry entry = nextFromChronicle();
        if (entry != null) {
          return entry;
        }
        files.refresh();
        // Chronicle does not move on to a cycle file its metadata does not list (a copy's
        // metadata.cq4t older than its cycle files, read-only so Chronicle cannot update it).
        Integer later = files.after(cycle);
        if (later != null && atEndOfCycle()) {
          readByHand(later);
          continue;
        }
        return null;
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** Positions the reader so that {@link #next()} returns the entry after {@code index}. */
  public boolean seekAfter(long index) {
    int target = rollCycle.toCycle(index);
    try {
      files.refresh();
      if (!files.has(target)) {
        return false;
      }
      for (int earlier : files.before(target)) {
        if (!files.mappable(earlier) && !readsToItsEnd(earlier)) {
          return false; // the entry lies beyond a tear: not in this copy of the journal yet
        }
      }
      if (files.mappable(target) && chronicleAfter(index)) {
        return true;
      }
      // Torn, or not listed in the metadata Chronicle goes by: by hand, from the file's start.
      readByHand(target);
      for (long read = 0; read <= rollCycle.toSequenceNumber(index); read++) {
        if (byHand.next() == null) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** Starts at the first cycle file; false when there is none yet. */
  private boolean start() {
    files.refresh();
    Integer first = files.first();
    if (first == null) {
      return false;
    }
    if (!files.mappable(first) || !moveChronicleTo(first)) {
      readByHand(first);
    }
    return true;
  }

  private RawEntry nextFromChronicle() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      Bytes<?> bytes = dc.wire().bytes();
      long limit = bytes.readLimit();
      byte[] data = new byte[(int) bytes.readRemaining()];
      bytes.read(data);
      if (CycleFile.cutShort(data)) {
        dc.rollbackOnClose(); // read it again next time: a fuller copy may hold it whole
        return null;
      }
      chronicleAt(rollCycle.toCycle(dc.index()), limit);
      return new RawEntry(dc.index(), data);
    }
  }

  /**
   * The cycle file Chronicle would move into by itself at the end of its current one when it
   * must not map that file and is at that end; {@code null} when reading on is safe.
   */
  private Integer unmappableAhead() throws IOException {
    Integer next = files.after(cycle);
    // Chronicle passes through a cycle file with nothing but the end-of-cycle marker in one go.
    while (next != null && files.mappable(next) && files.empty(next)) {
      next = files.after(next);
    }
    if (next == null || files.mappable(next)) {
      return null;
    }
    return atEndOfCycle() ? next : null;
  }

  /** Whether only meta-data and the end-of-cycle marker follow the last entry Chronicle read. */
  private boolean atEndOfCycle() throws IOException {
    if (current == null || current.cycle() != cycle) {
      closeCurrent();
      current = files.open(cycle);
    }
    return current.endsAt(CycleFile.align(end));
  }

  /** When the file read by hand has nothing more: moves to what follows it; false when nothing does yet. */
  private boolean moveOnFromByHand() throws IOException {
    int byHandCycle = byHand.cycle();
    files.refresh();
    if (byHand.ended()) {
      Integer next = files.after(byHandCycle);
      if (next == null) {
        return false;
      }
      if (!files.mappable(next) || !moveChronicleTo(next)) {
        readByHand(next);
      }
      return true;
    }
    // Torn here. In a live journal this is a cycle file being made: once whole, Chronicle reads
    // it (reading on by hand would be as right, only slower).
    if (files.mappable(byHandCycle)) {
      long read = byHand.sequence();
      return read == 0 ? moveChronicleTo(byHandCycle) : chronicleAfter(rollCycle.toIndex(byHandCycle, read - 1));
    }
    return false;
  }

  /** Moves Chronicle to the start of a cycle file; false when Chronicle does not know the file. */
  private boolean moveChronicleTo(int target) {
    if (!tailer().moveToCycle(target)) {
      return false;
    }
    chronicleAt(target, 0);
    return true;
  }

  /** Moves Chronicle past the entry {@code index}, reading it; false when it is not there whole. */
  private boolean chronicleAfter(long index) {
    if (!tailer().moveToIndex(index)) {
      return false;
    }
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return false;
      }
      Bytes<?> bytes = dc.wire().bytes();
      long limit = bytes.readLimit();
      if (limit > bytes.readPosition() && bytes.readByte(limit - 1) == 0) {
        dc.rollbackOnClose(); // cut short (see CycleFile.cutShort): not there yet
        return false;
      }
      chronicleAt(rollCycle.toCycle(dc.index()), limit);
      return true;
    }
  }

  private void chronicleAt(int atCycle, long atEnd) {
    closeByHand();
    positioned = true;
    cycle = atCycle;
    end = atEnd;
  }

  private ExcerptTailer tailer() {
    if (tailer == null) {
      tailer = queue.createTailer();
    }
    return tailer;
  }

  private void readByHand(int target) {
    closeByHand();
    byHand = files.reader(target, rollCycle);
    positioned = true;
  }

  private boolean readsToItsEnd(int earlier) throws IOException {
    try (CycleFileReader reader = files.reader(earlier, rollCycle)) {
      return reader.readsToItsEnd();
    }
  }

  private static JournalException unreadable(IOException e) {
    return new JournalException("cannot read the journal's queue: " + e.getMessage()
        + " (check that the journal's files are readable by this user)", e);
  }

  private void closeByHand() {
    if (byHand != null) {
      try {
        byHand.close();
      } catch (IOException e) {
        // a read-only channel loses nothing when closing fails
      }
      byHand = null;
    }
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // a read-only channel loses nothing when closing fails
      }
      current = null;
    }
  }

  @Override
  public void close() {
    closeByHand();
    closeCurrent();
    if (tailer != null) {
      tailer.close();
    }
  }
}
