package org.arajournal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file operations journals and replay state rely on: directories only their owner can enter,
 * and writes that are on disk, whole, when the call returns.
 */
public final class DurableFiles {
  /** Journals and replay state hold what playbooks printed (secrets too): their owner's only. */
  public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  private DurableFiles() {}

  /** Creates {@code dir} and its missing parents, each mode 0700 whatever the umask; an existing one is left as it is. */
  public static void createPrivateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  /** Appends {@code data} to {@code file} (created if missing) and forces it to disk before returning. */
  public static void appendForced(Path file, byte[] data) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      writeFully(channel, data);
      channel.force(false);
    }
  }

  /**
   * Replaces the content of {@code file} (mode 0600) with {@code data}: a temp file beside it,
   * forced, renamed over it, and the directory forced. After a crash at any instant the file holds
   * the old content or the new, never a mix. Callers serialise writers of one file.
   */
  public static void replace(Path file, byte[] data) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Files.setPosixFilePermissions(tmp, FILE_MODE);
      writeFully(channel, data);
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  private static void writeFully(FileChannel channel, byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
