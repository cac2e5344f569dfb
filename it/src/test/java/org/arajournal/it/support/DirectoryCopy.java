package org.arajournal.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a directory tree as {@code cp -r FROM/. TO} does: files in {@code to} are overwritten by
 * those of {@code from}, files only {@code to} has are kept. How a user carries a journal to an
 * air-gapped machine.
 */
public final class DirectoryCopy {
  private DirectoryCopy() {}

  /** Copies every file under {@code from} to the same relative path under {@code to}; returns {@code to}. */
  public static Path copyOver(Path from, Path to) {
    if (!Files.isDirectory(from)) {
      throw new IllegalArgumentException("not a directory: " + from);
    }
    try {
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          Files.createDirectories(to.resolve(from.relativize(dir)));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
          return FileVisitResult.CONTINUE;
        }
      });
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " over " + to, e);
    }
  }
}
