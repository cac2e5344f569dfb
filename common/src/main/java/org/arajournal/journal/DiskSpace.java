package org.arajournal.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a journal's appends off a full disk. The queue is a memory-mapped file: a write to a page
 * the file system cannot allocate is a SIGBUS in the middle of an excerpt, which leaves a damaged
 * entry behind. So every append first takes its bytes from a budget of free space above a reserve,
 * asking the file system again when the budget runs out, and at least once a second (other
 * processes fill disks too).
 */
public final class DiskSpace {
  /** The reserve when none is configured: room for Chronicle's index pages and a cycle roll, and for the rest of the system. */
  public static final long DEFAULT_RESERVE = 64L << 20;
  /** Counted per append beyond its bytes: excerpt header, index entries, page rounding. */
  private static final long OVERHEAD = 512;
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Path dir;
  private final FileStore store;
  private final long reserve;
  private long budget;
  private long checkedAt;

  private DiskSpace(Path dir, FileStore store, long reserve) {
    this.dir = dir;
    this.store = store;
    this.reserve = reserve;
    this.checkedAt = System.nanoTime() - RECHECK_NANOS;
  }

  /** The space of the file system holding {@code dir}, keeping {@code reserve} bytes free. */
  public static DiskSpace of(Path dir, long reserve) {
    if (reserve < 0) {
      throw new IllegalArgumentException("the disk reserve must not be negative, was " + reserve);
    }
    try {
      return new DiskSpace(dir, Files.getFileStore(dir), reserve);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell the free space of " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a size such as {@code 64M}, {@code 1G}, {@code 512K} or {@code 1048576} (bytes).
   *
   * @throws IllegalArgumentException naming {@code setting} and the value
   */
  public static long parseSize(String value, String setting) {
    String text = value.strip().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    if (text.endsWith("K") || text.endsWith("M") || text.endsWith("G")) {
      unit = text.endsWith("K") ? 1L << 10 : text.endsWith("M") ? 1L << 20 : 1L << 30;
      text = text.substring(0, text.length() - 1);
    }
    try {
      long size = Long.parseLong(text) * unit;
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " must be a size such as 64M, 1G or 1048576, was '" + value + "'");
    }
  }

  /** Takes {@code bytes} from the budget, or throws without writing anything when the disk is too full. */
  void claim(long bytes) {
    long needed = bytes + OVERHEAD;
    long now = System.nanoTime();
    if (budget < needed || now - checkedAt >= RECHECK_NANOS) {
      long free = usable();
      checkedAt = now;
      budget = free - reserve;
      if (budget < needed) {
        throw new JournalFullException(dir, free, reserve, needed);
      }
    }
    budget -= needed;
  }

  /** Whether {@code bytes} more may be written without asking the file system (for optional writes). */
  boolean has(long bytes) {
    return budget >= bytes;
  }

  private long usable() {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell the free space of " + dir + ": " + e.getMessage(), e);
    }
  }
}
