package org.arajournal.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.arajournal.fs.DurableFiles;

/**
 * A small file replaced atomically and durably: write a temp file, fsync it, rename it over the
 * old one, fsync the directory. After a crash at any instant the file holds either the old or the
 * new content, never a mix.
 */
public final class AtomicFile {
  private final Path file;

  public AtomicFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  public Path path() {
    return file;
  }

  /** Replaces the content with {@code data}. */
  public void write(byte[] data) throws IOException {
    DurableFiles.replace(file, data);
  }

  /** The current content, or empty if the file was never written. */
  public Optional<byte[]> read() throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
