package org.arajournal.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.arajournal.fs.DurableFiles;

/**
 * Tells whether a run is still being written: a recorder holds a lock on {@code live/<run>.lock}
 * while it appends the run, and a callback holds a lock on its spool file while it spools. Locks
 * die with their process, so a killed writer never leaves a run looking alive.
 */
public final class LiveRuns {
  private final Path liveDir;
  private final Path spoolDir;

  public LiveRuns(Journal journal) {
    this.liveDir = journal.dir().resolve("live");
    this.spoolDir = journal.spoolDir();
  }

  /** Marks {@code run} as being written until the returned handle is closed. */
  public Handle hold(UUID run) throws IOException {
    DurableFiles.createPrivateDirectory(liveDir);
    Path file = liveDir.resolve(run + ".lock");
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(file, DurableFiles.FILE_MODE);
      // Shared: the same run may be fed by a recorder and, after its death, by a newer one.
      return new Handle(file, channel, channel.lock(0, Long.MAX_VALUE, true));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Whether any process still writes {@code run}, through a recorder or a spool file. Ask from a
   * process that holds no marks itself (replay, inspect): POSIX locks are per process, and probing
   * a file this process has locked would release that lock.
   */
  public boolean isLive(UUID run) {
    if (isLocked(liveDir.resolve(run + ".lock"))) {
      return true;
    }
    try (DirectoryStream<Path> spools = Files.newDirectoryStream(spoolDir, run + "-*.spool")) {
      for (Path spool : spools) {
        if (isLocked(spool)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false; // no spool directory: nothing spools
    }
    return false;
  }

  private static boolean isLocked(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held by this very process
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** A held mark; closing it releases the lock and removes the file. */
  public static final class Handle implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private Handle(Path file, FileChannel channel, FileLock lock) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
        // Another recorder may still hold it for the same run; then it stays live through its lock.
        if (!isLocked(file)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
