package org.arajournal.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Times;
import org.arajournal.inspect.JournalInventory;
import org.arajournal.inspect.RunSummary;
import org.arajournal.journal.Journal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ara-journal inspect}: the runs in a journal and its problem entries. */
@Command(name = "inspect", description = "List the runs recorded in a journal.")
final class InspectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--journal", description = "Journal directory (default: $ARA_JOURNAL_DIR or ~/.ara/journal).")
  Path journal;

  @Option(names = "--json", description = "Print one JSON document for scripts.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path dir = AraJournal.journalDir(spec, "--journal", journal);
    EventCodec codec = new EventCodec();
    JournalInventory.Inventory inventory;
    try (Journal opened = AraJournal.openForReading(dir)) {
      inventory = new JournalInventory(codec).take(opened);
    }
    if (json) {
      printJson(codec, inventory);
    } else {
      printText(dir, inventory);
    }
    return 0;
  }

  private void printJson(EventCodec codec, JournalInventory.Inventory inventory) throws Exception {
    ObjectNode root = codec.mapper().createObjectNode();
    root.put("journal_id", inventory.journalId());
    ArrayNode runs = root.putArray("runs");
    for (RunSummary run : inventory.runs()) {
      ObjectNode node = runs.addObject();
      node.put("run", run.run().toString());
      node.put("path", run.path());
      node.put("started", run.started() == null ? null : Times.format(run.started()));
      node.put("ended", run.ended() == null ? null : Times.format(run.ended()));
      node.put("status", run.status());
      node.put("events", run.events());
      node.put("plays", run.plays());
      node.put("tasks", run.tasks());
      node.put("results", run.results());
      node.put("hosts", run.hosts());
    }
    ArrayNode problems = root.putArray("problems");
    for (JournalInventory.Problem problem : inventory.problems()) {
      problems.addObject().put("index", problem.index()).put("kind", problem.kind()).put("error", problem.error());
    }
    root.put("quarantined", inventory.problems().stream().filter(p -> p.kind().equals("quarantined")).count());
    System.out.println(codec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
  }

  private static void printText(Path dir, JournalInventory.Inventory inventory) {
    System.out.printf("journal %s (%s): %d run(s)%n", dir.toAbsolutePath(), inventory.journalId(), inventory.runs().size());
    for (RunSummary run : inventory.runs()) {
      System.out.printf("%s  %-11s %s%n", run.run(), run.status(), run.path());
      System.out.printf("    started %s, ended %s; %d plays, %d tasks, %d results, %d hosts, %d events%n",
          run.started() == null ? "-" : Times.format(run.started()),
          run.ended() == null ? "-" : Times.format(run.ended()),
          run.plays(), run.tasks(), run.results(), run.hosts(), run.events());
    }
    for (JournalInventory.Problem problem : inventory.problems()) {
      System.out.printf("entry %d %s: %s%n", problem.index(), problem.kind(), problem.error());
    }
  }
}
