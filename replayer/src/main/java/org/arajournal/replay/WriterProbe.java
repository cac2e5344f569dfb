package org.arajournal.replay;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tells whether any other process on this machine still has a journal open: a recorder appending
 * to its queue, or a callback writing a spool file. Reads {@code /proc}; where that is not possible
 * it answers "maybe" (true), the safe side.
 */
final class WriterProbe {
  private final Path journalDir;

  WriterProbe(Path journalDir) {
    this.journalDir = journalDir.toAbsolutePath().normalize();
  }

  /** Whether some process other than this one has a file of the journal open or mapped. */
  boolean someoneWrites() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return true;
    }
    long self = ProcessHandle.current().pid();
    String queue = journalDir.resolve("queue").toString() + "/";
    String spool = journalDir.resolve("spool").toString() + "/";
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pidDir : pids) {
        if (Long.parseLong(pidDir.getFileName().toString()) == self) {
          continue;
        }
        if (holds(pidDir, queue, spool)) {
          return true;
        }
      }
    } catch (IOException e) {
      return true;
    }
    return false;
  }

  private static boolean holds(Path pidDir, String queue, String spool) {
    try (Stream<Path> fds = Files.list(pidDir.resolve("fd"))) {
      if (fds.anyMatch(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith(queue) || target.startsWith(spool);
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      })) {
        return true;
      }
    } catch (IOException | SecurityException e) {
      // not our process, or gone: it cannot be writing our journal as us
    }
    try (Stream<String> maps = Files.lines(pidDir.resolve("maps"))) {
      return maps.anyMatch(line -> line.contains(queue));
    } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
      return false;
    }
  }
}
