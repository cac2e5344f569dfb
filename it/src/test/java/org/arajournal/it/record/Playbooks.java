package org.arajournal.it.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies this package's playbooks ({@code src/test/resources/record}) into a test's work directory. */
final class Playbooks {
  private Playbooks() {}

  /** Copies {@code record/<name>} into {@code workDir} and returns {@code workDir}. */
  static Path copy(String name, Path workDir) {
    URL url = Playbooks.class.getResource("/record/" + name);
    if (url == null) {
      throw new AssertionError("test resource record/" + name + " is missing");
    }
    try {
      Path source = Path.of(url.toURI());
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = workDir.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      return workDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy record/" + name + " to " + workDir, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
