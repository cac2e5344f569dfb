package org.arajournal.it.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

/** Checks that hold for every complete or cut-off run in a journal. */
final class RunAssertions {
  private RunAssertions() {}

  /** Each event of the run is there exactly once, numbered 1..n in journal order. */
  static void assertGapFree(List<RecordedEvent> run) {
    for (int i = 0; i < run.size(); i++) {
      if (run.get(i).seq() != i + 1) {
        throw new AssertionError("seq is not 1.." + run.size() + " in order: position " + i + " holds seq "
            + run.get(i).seq() + "; run: " + run);
      }
    }
  }

  /** A run that finished: gap-free, opened by playbook_started, closed by playbook_ended. */
  static void assertWhole(List<RecordedEvent> run) {
    assertGapFree(run);
    assertEquals("playbook_started", run.get(0).type(), "first event; run: " + run);
    assertEquals("playbook_ended", run.get(run.size() - 1).type(), "last event; run: " + run);
  }

  /** The event types in order, for readable failure messages and exact comparisons. */
  static List<String> types(List<RecordedEvent> run) {
    return run.stream().map(RecordedEvent::type).collect(Collectors.toList());
  }
}
