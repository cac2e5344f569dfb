package org.arajournal.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.journal.Journal;
import org.arajournal.prune.Pruner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ara-journal prune}: gives back the disk space of old runs every ARA server has whole. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = {"Remove runs older than --older-than that every ARA server this journal was replayed to has"
        + " received whole (no dead letters), and free their disk space. Never removes a run that is not delivered;"
        + " says which runs it keeps and why.",
        "Space comes back a day's file at a time: a file goes once every run in it may go."})
final class PruneCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"--journal", "--from"}, paramLabel = "DIR",
      description = "Journal directory (default: $ARA_JOURNAL_DIR or ~/.ara/journal).")
  Path journal;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Where the replays keep their state (default: DIR/replayed inside the journal).")
  Path stateDir;

  @Option(names = "--older-than", paramLabel = "DURATION", required = true, converter = Converters.DurationConverter.class,
      description = "Only runs whose last event is older than this, e.g. 30d, 12h, 1d12h.")
  Duration olderThan;

  @Option(names = "--dry-run", description = "Show what would go, and remove nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Path dir = AraJournal.journalDir(spec, "--journal", journal);
    Pruner.Plan plan;
    try (Journal opened = Journal.open(dir)) {
      Path states = stateDir != null ? stateDir : opened.dir().resolve("replayed");
      List<TargetState> targets = TargetState.all(states, opened.id());
      plan = new Pruner(Instant.now().minus(olderThan)).plan(opened, targets);
    }
    print(plan);
    if (!dryRun) {
      Pruner.remove(plan); // with the journal closed: this process maps none of its files
    }
    long files = plan.files().stream().filter(Pruner.FileDecision::removed).count();
    long runs = plan.runs().stream().filter(Pruner.RunDecision::removed).count();
    System.out.printf("%s %d run(s) in %d file(s), %s; kept %d run(s)%n", dryRun ? "would remove" : "removed", runs,
        files, (dryRun ? "would free " : "freed ") + human(plan.bytesRemoved()),
        plan.runs().size() - runs);
    return 0;
  }

  private static void print(Pruner.Plan plan) {
    System.out.println("servers checked: " + (plan.servers().isEmpty() ? "none" : String.join(", ", plan.servers())));
    for (Pruner.RunDecision run : plan.runs()) {
      System.out.printf("run %s %s: %s%n", run.run(), run.removed() ? "removed" : "kept", run.why());
    }
    for (Pruner.FileDecision file : plan.files()) {
      System.out.printf("file %s (%s) %s: %s%n", file.file().getFileName(), human(file.bytes()),
          file.removed() ? "removed" : "kept", file.why());
    }
  }

  static String human(long bytes) {
    if (bytes < 1 << 20) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return bytes < 1L << 30 ? String.format("%.1f MiB", bytes / (double) (1 << 20))
        : String.format("%.2f GiB", bytes / (double) (1L << 30));
  }
}
