package org.arajournal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.wire.Wires;

/**
 * One Chronicle cycle file read with positional reads, never memory-mapped. A copy of a journal
 * can hold a cycle file cut short (a copy tool that stopped) or one whose start was not copied yet;
 * mapping such a file makes Chronicle fault past its end (SIGBUS, an InternalError in Java), extend
 * it with zeros (it writes to the copy) or wait ten seconds for a header that never comes. This
 * class reads such a file without any of that, up to the first thing that is not whole.
 *
 * <p>The layout it relies on is Chronicle's binary wire: each excerpt starts at a 4-byte aligned
 * offset with a little-endian header holding its length, a meta-data flag and a not-complete flag;
 * a writer sets the header only after the data (this Chronicle leaves it zero meanwhile, older ones
 * and a new file's first header say "not complete"); a zero header is also space not written yet;
 * the end-of-cycle marker is a not-complete meta-data header of length 0. Meta-data excerpts (the
 * file's header and Chronicle's index) are skipped; the n-th data excerpt has sequence number n.
 */
final class CycleFile implements Closeable {
  /** What lies at a position once the meta-data there is skipped. */
  enum Found {
    /** a whole data excerpt */
    ENTRY,
    /** the marker a writer leaves when it moves on to the next cycle file */
    END_OF_CYCLE,
    /** nothing whole: not written yet, being written, or cut short by the copy */
    NOTHING_YET
  }

  private final int cycle;
  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);

  /** Where the last {@link #find} stopped and the header found there. */
  private long position;
  private int found;

  private CycleFile(int cycle, Path path, FileChannel channel) {
    this.cycle = cycle;
    this.path = path;
    this.channel = channel;
  }

  static CycleFile open(int cycle, Path path) throws IOException {
    return new CycleFile(cycle, path, FileChannel.open(path, StandardOpenOption.READ));
  }

  int cycle() {
    return cycle;
  }

  Path path() {
    return path;
  }

  long length() throws IOException {
    return channel.size();
  }

  /**
   * Skips the meta-data from {@code start} (the offset of a header) and says what follows; after
   * {@link Found#ENTRY}, {@link #position()} and {@link #dataLength()} locate it.
   */
  Found find(long start) throws IOException {
    long length = channel.size();
    long at = start;
    while (true) {
      position = at;
      if (at + Integer.BYTES > length) {
        return Found.NOTHING_YET;
      }
      found = readInt(at);
      if (found == Wires.END_OF_DATA) {
        return Found.END_OF_CYCLE;
      }
      if (found == Wires.NOT_INITIALIZED || (found & Wires.NOT_COMPLETE) != 0) {
        return Found.NOTHING_YET;
      }
      long end = at + Integer.BYTES + (found & Wires.LENGTH_MASK);
      if (end > length) {
        return Found.NOTHING_YET; // the header was copied, its data only in part
      }
      if ((found & Wires.META_DATA) == 0) {
        return Found.ENTRY;
      }
      at = align(end);
    }
  }

  /** Offset of the header {@link #find} stopped at. */
  long position() {
    return position;
  }

  /** Length of the data excerpt {@link #find} found. */
  int dataLength() {
    return found & Wires.LENGTH_MASK;
  }

  /** Offset of the header after the excerpt {@link #find} found. */
  long next() {
    return align(position + Integer.BYTES + dataLength());
  }

  /** The data of the excerpt {@link #find} found. */
  byte[] data() throws IOException {
    byte[] data = new byte[dataLength()];
    ByteBuffer buffer = ByteBuffer.wrap(data);
    long at = position + Integer.BYTES;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at + buffer.position());
      if (read < 0) {
        throw new IOException(path + " ended at " + (at + buffer.position())
            + " inside an excerpt its header says ends at " + (at + data.length));
      }
    }
    return data;
  }

  /**
   * Whether an entry's data were cut by the copy: a copy tool that sets the file's length first
   * (rsync --preallocate, Windows) and stops leaves zeros where the rest of the data would be,
   * behind a whole header. Every entry is a JSON document, which never ends in a NUL byte.
   */
  static boolean cutShort(byte[] data) {
    return data.length > 0 && data[data.length - 1] == 0;
  }

  /** Whether the cycle ends with the end-of-cycle marker at or after {@code start}, behind meta-data only. */
  boolean endsAt(long start) throws IOException {
    return find(start) == Found.END_OF_CYCLE;
  }

  private int readInt(long at) throws IOException {
    header.clear();
    while (header.hasRemaining()) {
      if (channel.read(header, at + header.position()) < 0) {
        return Wires.NOT_INITIALIZED;
      }
    }
    return header.getInt(0);
  }

  /** Chronicle starts every header on a 4-byte boundary. */
  static long align(long offset) {
    return (offset + 3) & ~3L;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
