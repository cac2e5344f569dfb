package org.arajournal.it.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;

/** Runs {@code bin/ara-journal replay} as a user would. */
final class ReplayCli {
  private ReplayCli() {}

  static Processes.Result replay(Path journal, String url, String... more) {
    List<String> command = new ArrayList<>(List.of(Tools.launcher().toString(), "replay", "--from", journal.toString(),
        "--to", url));
    command.addAll(List.of(more));
    return Processes.run(command, Map.of(), journal.getParent(), Duration.ofMinutes(5));
  }
}
