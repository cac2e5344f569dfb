package org.arajournal.it.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;

/** {@code bin/ara-journal inspect --journal DIR --json}, as an operator would run it. */
final class Inspect {
  private Inspect() {}

  /** The {@code runs} array entry for {@code run}; fails if inspect fails or does not list it. */
  static JsonNode run(Path journal, String run) {
    JsonNode root = journal(journal);
    for (JsonNode node : root.path("runs")) {
      if (run.equals(node.path("run").asText())) {
        return node;
      }
    }
    throw new AssertionError("inspect does not list run " + run + ":\n" + root.toPrettyString());
  }

  static JsonNode journal(Path journal) {
    Processes.Result result = Processes.run(
        List.of(Tools.launcher().toString(), "inspect", "--journal", journal.toString(), "--json"),
        Map.of(), null, Duration.ofMinutes(2));
    if (result.exitCode() != 0) {
      throw new AssertionError("ara-journal inspect exited " + result.exitCode() + ":\n" + result.output());
    }
    // Logs go to stderr, merged here: the document starts at the first '{'.
    String output = result.output();
    int start = output.indexOf('{');
    if (start < 0) {
      throw new AssertionError("ara-journal inspect printed no JSON:\n" + output);
    }
    try {
      return new ObjectMapper().readTree(output.substring(start));
    } catch (IOException e) {
      throw new UncheckedIOException("ara-journal inspect printed bad JSON:\n" + output, e);
    }
  }
}
