package org.arajournal.it.record;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the {@code ara-journal record} processes writing to one journal. The callback starts them
 * in their own session, so they are found by command line, not by parentage.
 */
final class RecorderProcesses {
  private RecorderProcesses() {}

  /** Live recorder JVMs whose command line names {@code --journal <journal>}. */
  static List<ProcessHandle> of(Path journal) {
    String marker = "--journal " + journal.toAbsolutePath();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(" record ") && c.contains(marker)).orElse(false))
        .collect(Collectors.toList());
  }

  /** Whether {@code handle} is one of those recorders (or their launcher). */
  static boolean isRecorder(ProcessHandle handle) {
    return handle.info().commandLine().map(c -> c.contains("ara-journal") && c.contains(" record ")).orElse(false);
  }
}
