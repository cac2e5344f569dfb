package org.arajournal.it.record;

import static org.arajournal.it.record.RunAssertions.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result of about 10 MB is recorded whole, not truncated nor quarantined. */
class LargeResultTest {
  private static final int STDOUT_LENGTH = 10_000_000; // base64 of 7,500,000 bytes, one line

  @Test
  void tenMegabyteResultIsRecordedWhole(@TempDir Path dir) {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path journal = dir.resolve("journal");
    Processes.Result result = Ansible.recordingInto(work, journal).run(work.resolve("large.yml"), "-i", "inventory.ini");
    String output = result.output().length() > 4000 ? result.output().substring(0, 4000) : result.output();
    assertEquals(0, result.exitCode(), output);
    assertFalse(output.contains("[WARNING]"), "the recorder confirmed the large event in time:\n" + output);

    var run = JournalContents.read(journal).onlyRun();
    assertWhole(run);
    JsonNode content = run.stream().filter(e -> e.type().equals("result")).findFirst().orElseThrow().json().path("content");
    String stdout = content.path("stdout").asText();
    assertEquals(STDOUT_LENGTH, stdout.length());
    assertEquals(STDOUT_LENGTH, content.path("stdout_lines").path(0).asText().length());
    assertEquals('A', stdout.charAt(STDOUT_LENGTH - 1), "base64 of zero bytes ends in A");
    assertEquals(0, Inspect.journal(journal).path("quarantined").asInt());
  }
}
