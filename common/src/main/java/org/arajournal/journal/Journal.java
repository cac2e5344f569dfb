package org.arajournal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.arajournal.fs.DurableFiles;

/**
 * A journal directory: a Chronicle Queue of JSON documents, the journal's id, and the spool where
 * callbacks park frames the recorder could not take. Safe for several processes at once.
 */
public final class Journal implements Closeable {
  /** Chronicle needs a block at least 4x the largest excerpt: a 10 MB result must fit whole, with room to spare. */
  public static final long BLOCK_SIZE = 128L << 20;

  private final Path dir;
  private final String id;
  private final SingleChronicleQueue queue;
  private final boolean readOnly;
  private final CycleFiles.Known cycleFiles = new CycleFiles.Known();

  private Journal(Path dir, String id, SingleChronicleQueue queue, boolean readOnly) {
    this.dir = dir;
    this.id = id;
    this.queue = queue;
    this.readOnly = readOnly;
  }

  /**
   * Opens the journal in {@code dir}, creating it (mode 0700) and its id on first use.
   *
   * @throws JournalException if {@code dir} cannot be created or is not a journal
   */
  public static Journal open(Path dir) {
    return open(dir, SystemTimeProvider.INSTANCE);
  }

  /**
   * Opens the journal as {@link #open(Path)} does, with appends dated by {@code clock}: the day of
   * an entry picks its cycle file, so tests of what happens across days (pruning) set the day.
   */
  public static Journal open(Path dir, TimeProvider clock) {
    disableChronicleReporting();
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      DurableFiles.createPrivateDirectory(absolute);
      DurableFiles.createPrivateDirectory(absolute.resolve("queue"));
      DurableFiles.createPrivateDirectory(absolute.resolve("spool"));
      String id = readOrCreateId(absolute);
      SingleChronicleQueue queue =
          SingleChronicleQueueBuilder.binary(absolute.resolve("queue"))
              .blockSize(BLOCK_SIZE)
              .timeProvider(clock)
              .build();
      // The listener sees cycle files only; the queue's metadata file is made private here.
      makeFilesPrivate(absolute.resolve("queue"));
      return new Journal(absolute, id, queue, false);
    } catch (IOException | UncheckedIOException e) {
      throw new JournalException(
          "cannot open journal " + absolute + ": " + e.getMessage()
              + " (check that the directory is writable by this user)", e);
    }
  }

  /**
   * Opens an existing journal for reading only, writing nothing into its directory: for a copy on
   * read-only media, or one whose files are not writable by this user. {@link #open} would create
   * what is missing, make the queue's files private (mode 0600, which also makes a read-only copy
   * writable again) and let Chronicle update its metadata file.
   *
   * @throws JournalException if {@code dir} holds no journal id or no queue
   */
  public static Journal openReadOnly(Path dir) {
    disableChronicleReporting();
    Path absolute = dir.toAbsolutePath().normalize();
    Path queueDir = absolute.resolve("queue");
    if (!Files.isDirectory(queueDir)) {
      throw new JournalException("cannot open journal " + absolute + " for reading: it has no queue directory "
          + queueDir + " (copy the whole journal directory, not only some of its files)");
    }
    try {
      String id = readId(absolute.resolve("journal-id"));
      SingleChronicleQueue queue =
          SingleChronicleQueueBuilder.binary(queueDir)
              .blockSize(BLOCK_SIZE)
              .readOnly(true)
              .build();
      return new Journal(absolute, id, queue, true);
    } catch (NoSuchFileException e) {
      throw new JournalException("cannot open journal " + absolute + " for reading: it has no "
          + absolute.resolve("journal-id") + " (copy the whole journal directory, not only some of its files)", e);
    } catch (IOException | UncheckedIOException e) {
      throw new JournalException(
          "cannot open journal " + absolute + " for reading: " + e.getMessage()
              + " (check that its files are readable by this user)", e);
    }
  }

  /**
   * The journal used when none is named: {@code ARA_JOURNAL_DIR}, else ~/.ara/journal.
   */
  public static Path defaultDir() {
    String env = System.getenv("ARA_JOURNAL_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".ara", "journal");
  }

  /**
   * Chronicle reports usage to an outside host unless told not to before its classes load: entry
   * points call this first thing, and so does every open.
   */
  public static void disableChronicleReporting() {
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("chronicle.announcer.disable", "true");
  }

  /** The journal's id, created once with the directory; replay state is kept per id. */
  public String id() {
    return id;
  }

  public Path dir() {
    return dir;
  }

  /** Where callbacks write frames the recorder could not take; ingested by the next recorder. */
  public Path spoolDir() {
    return dir.resolve("spool");
  }

  /** Whether the journal was opened with {@link #openReadOnly}. */
  public boolean readOnly() {
    return readOnly;
  }

  /** A new appender keeping {@link DiskSpace#DEFAULT_RESERVE} free; use it from one thread only. */
  public JournalAppender appender() {
    return appender(DiskSpace.DEFAULT_RESERVE);
  }

  /**
   * A new appender that refuses to write once the disk has less than {@code reserve} bytes free.
   *
   * @throws JournalException if the journal was opened read-only
   */
  public JournalAppender appender(long reserve) {
    if (readOnly) {
      throw new JournalException("journal " + dir + " was opened read-only and takes no entries"
          + " (open it with Journal.open to append)");
    }
    return new JournalAppender(queue.createAppender(), this::makeQueueFilesPrivate,
        DiskSpace.of(dir.resolve("queue"), reserve));
  }

  /** A reader positioned at the first entry. */
  public JournalReader reader() {
    return new JournalReader(queue, new CycleFiles(dir.resolve("queue"), queue, cycleFiles));
  }

  /** The cycle files of the queue (one per day), for pruning what every server has. */
  public JournalCycles cycles() {
    return new JournalCycles(dir.resolve("queue"), queue);
  }

  /**
   * Makes this open journal look at its directory again after cycle files were removed (pruned)
   * under it: Chronicle keeps the first and last cycle it has seen and would look for the removed ones.
   */
  public void rescanFiles() {
    queue.refreshDirectoryListing();
  }

  /**
   * Index of the last entry written, or -1 when the journal is empty. In a copy with a torn cycle
   * file (see {@link JournalReader}) it is the last entry before the tear, found by reading the
   * journal through: Chronicle would map the torn file.
   */
  public long lastIndex() {
    CycleFiles files = new CycleFiles(dir.resolve("queue"), queue, cycleFiles);
    files.refresh();
    boolean allMappable = true;
    for (Integer cycle = files.first(); cycle != null && allMappable; cycle = files.after(cycle)) {
      allMappable = files.mappable(cycle);
    }
    if (allMappable) {
      long index = queue.lastIndex();
      return index < 0 ? -1 : index;
    }
    long last = -1;
    try (JournalReader reader = reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        last = entry.index();
      }
    }
    return last;
  }

  @Override
  public void close() {
    queue.close();
  }

  private static void makeFilesPrivate(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(DurableFiles.FILE_MODE)) {
          Files.setPosixFilePermissions(file, DurableFiles.FILE_MODE);
        }
      }
    }
  }

  private static String readOrCreateId(Path dir) throws IOException {
    Path idFile = dir.resolve("journal-id");
    if (!Files.exists(idFile)) {
      Path tmp = Files.createTempFile(dir, "journal-id", ".tmp");
      Files.writeString(tmp, UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, DurableFiles.FILE_MODE);
      try {
        // A link fails if another process won the race; then its id is the journal's.
        Files.createLink(idFile, tmp);
      } catch (FileAlreadyExistsException raced) {
        // fall through and read the winner's id
      } finally {
        Files.delete(tmp);
      }
    }
    return readId(idFile);
  }

  private static String readId(Path idFile) throws IOException {
    String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
    try {
      UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new JournalException(
          idFile + " does not hold a journal id (a UUID) but '" + id
              + "'; restore it from a copy of this journal", e);
    }
    return id;
  }

  /** Chronicle creates files with the process umask: called whenever an appender starts a cycle file. */
  private void makeQueueFilesPrivate() {
    try {
      makeFilesPrivate(dir.resolve("queue"));
    } catch (IOException e) {
      throw new JournalException("cannot make the files in " + dir.resolve("queue") + " private (mode 0600)", e);
    }
  }
}
