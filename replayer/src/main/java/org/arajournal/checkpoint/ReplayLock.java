package org.arajournal.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.arajournal.fs.DurableFiles;

/**
 * One replay at a time per lock file: an exclusive advisory lock (POSIX, through the file's
 * channel) that the OS drops when its process ends however it ends, so a replay killed with
 * SIGKILL never leaves a stale lock. The holder's pid and start time are in the file, for others
 * to name it.
 */
public final class ReplayLock implements AutoCloseable {
  /** The process holding a lock. */
  public record Holder(long pid, Instant since) {
    @Override
    public String toString() {
      return pid > 0 ? "pid " + pid + " (since " + since + ")" : "another process";
    }
  }

  /** Another process holds the lock: this one must not replay now. */
  public static final class HeldElsewhere extends RuntimeException {
    private final Holder holder;

    HeldElsewhere(Path file, Holder holder) {
      super(holder + " holds " + file, null, false, false);
      this.holder = holder;
    }

    public Holder holder() {
      return holder;
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private ReplayLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock in {@code file} (created 0600 if missing), or throws {@link HeldElsewhere}
   * naming the holder; never waits.
   */
  public static ReplayLock take(Path file) throws IOException {
    // `status` probes the lock for an instant: a replay starting then is not refused for it.
    for (int attempt = 1; ; attempt++) {
      try {
        return takeOnce(file);
      } catch (HeldElsewhere e) {
        if (attempt == 5) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
    }
  }

  private static ReplayLock takeOnce(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(file, DurableFiles.FILE_MODE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        // This process holds it already. Closing this channel would drop that lock (POSIX locks
        // belong to the process and go with any close of the file), so it is left open.
        Holder self = read(channel);
        channel = null;
        throw new HeldElsewhere(file, self);
      }
      if (lock == null) {
        throw new HeldElsewhere(file, read(channel));
      }
      byte[] holder = (ProcessHandle.current().pid() + " " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder), 0);
      return new ReplayLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  /** Who holds the lock in {@code file} now, if anyone; only probes, never keeps it. */
  public static Optional<Holder> holder(Path file) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      return Optional.of(read(channel)); // left open: closing it would drop this process's lock
    }
    try (channel) {
      if (lock == null) {
        return Optional.of(read(channel));
      }
      lock.release();
      return Optional.empty();
    }
  }

  private static Holder read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    channel.read(buffer, 0);
    String[] parts = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip().split(" ");
    try {
      return new Holder(Long.parseLong(parts[0]), Instant.parse(parts[1]));
    } catch (RuntimeException notWrittenYet) {
      return new Holder(-1, Instant.EPOCH); // the holder has not written its pid yet
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
