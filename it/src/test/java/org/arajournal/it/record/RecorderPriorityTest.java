package org.arajournal.it.record;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder yields to Ansible once it has confirmed its first events: every thread of it then
 * runs at the configured niceness (10 unless {@code recorder_nice} says otherwise), and so does its
 * session's scheduling group where the kernel groups sessions (autogroup), since there a thread's
 * own niceness counts only inside its group.
 */
class RecorderPriorityTest {
  private static final Pattern AUTOGROUP_NICE = Pattern.compile("nice (-?\\d+)");

  @Test
  void recorderRunsAtNicenessTenByDefault(@TempDir Path dir) throws Exception {
    assertRecorderPriorities(dir, null, new Priorities(10, 10));
  }

  @Test
  void recorderNiceZeroLeavesTheRecorderAtAnsiblesPriority(@TempDir Path dir) throws Exception {
    assertRecorderPriorities(dir, "0", new Priorities(0, 0));
  }

  /** The niceness of every recorder thread and of its autogroup (the thread value where there is none). */
  private record Priorities(int threads, int autogroup) {}

  private static void assertRecorderPriorities(Path dir, String nice, Priorities expected) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path journal = dir.resolve("journal");
    Path marker = dir.resolve("marker");
    Path gate = dir.resolve("gate");
    Ansible ansible = Ansible.recordingInto(work, journal);
    if (nice != null) {
      ansible = ansible.env("ARA_JOURNAL_RECORDER_NICE", nice);
    }
    Path output = dir.resolve("recorded.out");
    Process process = Processes.start(
        ansible.command(work.resolve("gated.yml"), "-i", "inventory.ini", "-e", "marker=" + marker, "-e", "gate=" + gate),
        ansible.environment(), work, output.toFile());
    try {
      await("the gated task to start").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(marker) || !process.isAlive());
      List<ProcessHandle> recorders = RecorderProcesses.of(journal);
      assertEquals(1, recorders.size(), "one live recorder for " + journal);
      long pid = recorders.get(0).pid();
      // The callback lowers the priority when the first acknowledgement reaches it.
      await("recorder " + pid + " at " + expected).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertEquals(expected, priorities(pid)));
      Files.createFile(gate);
      assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the playbook finishes");
      String recorded = Files.readString(output, StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), recorded);
      assertTrue(!recorded.contains("[WARNING]"), recorded);
    } finally {
      process.destroyForcibly();
    }
  }

  private static Priorities priorities(long pid) throws IOException {
    // Field 19 of /proc/PID/task/TID/stat, counted after the parenthesised command name.
    TreeMap<Integer, Integer> threadsByNice = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        threadsByNice.merge(Integer.parseInt(fields[16]), 1, Integer::sum);
      }
    }
    assertEquals(1, threadsByNice.size(), "every thread of recorder " + pid + " at one niceness: " + threadsByNice);
    int threads = threadsByNice.firstKey();
    Path autogroup = Path.of("/proc/" + pid + "/autogroup");
    if (!Files.exists(autogroup)) {
      return new Priorities(threads, threads); // a kernel without autogroup scheduling
    }
    String group = Files.readString(autogroup);
    Matcher matcher = AUTOGROUP_NICE.matcher(group);
    assertTrue(matcher.find(), autogroup + ": " + group);
    return new Priorities(threads, Integer.parseInt(matcher.group(1)));
  }
}
