package org.arajournal.it.compare;

import java.nio.file.Path;
import java.util.List;
import org.arajournal.it.support.Tools;

/** Test assertions over snapshots that leave both sides on disk when they fail. */
public final class SnapshotAssertions {
  private SnapshotAssertions() {}

  /**
   * Fails with the readable list of differences unless the snapshots are equal; the two snapshots
   * are then in {@code it/target/compare/<name>-{left,right}.json} for a closer look.
   */
  public static void assertNoDifferences(String name, AraSnapshot left, AraSnapshot right) {
    List<Difference> differences = SnapshotDiff.between(left, right);
    if (!differences.isEmpty()) {
      Path dir = Tools.projectRoot().resolve("it/target/compare");
      Path l = left.writeTo(dir.resolve(name + "-left.json"));
      Path r = right.writeTo(dir.resolve(name + "-right.json"));
      throw new AssertionError(name + ": " + SnapshotDiff.report(differences) + "\nsnapshots: " + l + " " + r);
    }
  }

  /** Fails unless the snapshot holds exactly one finished playbook with results: an empty record proves nothing. */
  public static void assertOneFinishedPlaybook(String name, AraSnapshot snapshot) {
    if (snapshot.playbookCount() != 1) {
      throw new AssertionError(name + ": expected one playbook, found " + snapshot.playbookCount() + ":\n"
          + snapshot.toPrettyJson().lines().limit(60).reduce("", (a, b) -> a + b + "\n"));
    }
    String status = snapshot.tree().path("playbooks").elements().next().path("status").asText();
    if (status.equals("running") || snapshot.resultCount() == 0) {
      throw new AssertionError(name + ": the playbook is " + status + " with " + snapshot.resultCount()
          + " results; the recording callback did not run to the end");
    }
  }
}
