package org.arajournal.it.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code ara-journal record} processes writing to one journal. The callback starts them in
 * their own session, so they outlive ansible-playbook briefly and are found by command line.
 */
public final class JournalWriters {
  private JournalWriters() {}

  /** Live recorder JVMs whose command line names {@code journal}. */
  public static List<ProcessHandle> of(Path journal) {
    String dir = journal.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().arguments().map(List::of).map(a -> a.contains("record") && a.contains(dir)).orElse(false))
        .toList();
  }

  /**
   * Waits until no recorder writes to {@code journal}, so its files can be copied whole (a copy
   * taken mid-write is not what a user carries across an air gap).
   */
  public static void awaitNone(Path journal) {
    await("the recorder of " + journal + " to exit").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> of(journal).isEmpty());
  }
}
