package org.arajournal.it.record;

import static org.arajournal.it.record.RunAssertions.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two ansible-playbook runs recording into one journal at the same time. */
class ConcurrentRunsTest {
  @Test
  void bothRunsAreRecordedWholeAndApart(@TempDir Path dir) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path journal = dir.resolve("journal");
    Ansible ansible = Ansible.recordingInto(work, journal);
    Path first = work.resolve("hello.yml");
    Path second = work.resolve("other.yml");
    Process a = Processes.start(ansible.command(first, "-i", "inventory.ini"), ansible.environment(), work,
        dir.resolve("first.out").toFile());
    Process b = Processes.start(ansible.command(second, "-i", "inventory.ini"), ansible.environment(), work,
        dir.resolve("second.out").toFile());
    try {
      assertTrue(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES), "both runs finish");
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
    for (Process process : List.of(a, b)) {
      String output = Files.readString(dir.resolve(process == a ? "first.out" : "second.out"), StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), output);
      // A warning would mean the recorder did not confirm every event in time and the run was spooled.
      assertFalse(output.contains("[WARNING]"), output);
    }

    JournalContents contents = JournalContents.read(journal);
    assertEquals(2, contents.runs().size());
    List<RecordedEvent> one = contents.runOf(first);
    List<RecordedEvent> two = contents.runOf(second);
    assertWhole(one);
    assertWhole(two);
    for (List<RecordedEvent> run : List.of(one, two)) {
      assertEquals(6, run.stream().filter(e -> e.type().equals("result")).count(), "3 tasks x 2 hosts: " + run);
    }
    // They did record at the same time: each started before the other ended.
    assertTrue(startOf(one).isBefore(endOf(two)) && startOf(two).isBefore(endOf(one)),
        "the runs overlapped: " + startOf(one) + ".." + endOf(one) + " and " + startOf(two) + ".." + endOf(two));
  }

  private static Instant startOf(List<RecordedEvent> run) {
    return run.get(0).event().time();
  }

  private static Instant endOf(List<RecordedEvent> run) {
    return run.get(run.size() - 1).event().time();
  }
}
