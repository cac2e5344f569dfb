package org.arajournal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;
import org.arajournal.journal.Journal;

/**
 * A real journal in a fresh temporary directory, deleted on close. Benchmarks open one per
 * iteration so gigabytes of appended events never pile up on disk.
 */
final class ScratchJournal implements AutoCloseable {
  /** Where scratch journals go: {@code -Dbench.dir=...}, else the JVM's temp directory (a disk, not tmpfs, here). */
  static final String DIR_PROPERTY = "bench.dir";

  private final Path dir;
  private final Journal journal;

  ScratchJournal() {
    try {
      Path parent = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
      this.dir = Files.createTempDirectory(parent, "ara-journal-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch journal directory; set -D" + DIR_PROPERTY
          + " to a writable directory", e);
    }
    this.journal = Journal.open(dir);
  }

  Journal journal() {
    return journal;
  }

  @Override
  public void close() {
    journal.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete scratch journal " + dir + "; remove it by hand", e);
    }
  }
}
