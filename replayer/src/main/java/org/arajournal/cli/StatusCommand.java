package org.arajournal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import org.arajournal.checkpoint.DeadLetter;
import org.arajournal.checkpoint.RunState;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.event.EventCodec;
import org.arajournal.inspect.JournalInventory;
import org.arajournal.inspect.RunSummary;
import org.arajournal.journal.Journal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ara-journal status}: how far a journal's runs got on each ARA server it is replayed to. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Per ARA server: runs replayed, partly replayed and not yet, events behind, dead letters,"
        + " and the last error.")
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ReplaySource source;

  @Option(names = "--to", paramLabel = "URL",
      description = "Only this ARA server (default: every server the journal was replayed to).")
  String to;

  @Option(names = "--json", description = "Print one JSON document for scripts and monitoring.")
  boolean json;

  /** One server's view of the journal. */
  private record Target(String server, Path stateDir, int replayed, int withDeadLetters, int partly, int notYet,
      long eventsBehind, List<InPart> inPart, List<DeadLetter> deadLetters,
      Optional<TargetState.LastError> lastError, Optional<org.arajournal.checkpoint.ReplayLock.Holder> running) {}

  /**
   * A run without its end in ARA: {@code sent} of the journal's {@code inJournal} entries of it are
   * there, shown {@code running} or closed as {@code expired} until the rest arrives.
   */
  private record InPart(RunSummary run, RunState state, long sent, long inJournal) {
    String shownAs() {
      return state.stage() == RunState.Stage.CLOSED ? "expired" : state.stage() == RunState.Stage.PARTIAL
          ? "running" : "being replayed, or its replay was stopped";
    }
  }

  @Override
  public Integer call() throws Exception {
    Path dir = AraJournal.journalDir(spec, "--from", source.journal());
    HttpUrl only = null;
    if (to != null) {
      only = HttpUrl.parse(to.endsWith("/") ? to : to + "/");
      if (only == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--to '" + to + "' is not an http(s) URL");
      }
    }
    EventCodec codec = new EventCodec();
    JournalInventory.Inventory inventory;
    try (Journal journal = AraJournal.openForReading(dir)) {
      inventory = new JournalInventory(codec).take(journal);
    }
    Path states = source.stateDir(dir);
    List<TargetState> known = only == null ? TargetState.all(states, inventory.journalId())
        : List.of(TargetState.open(states, inventory.journalId(), only));
    List<Target> targets = new ArrayList<>();
    for (TargetState state : known) {
      targets.add(target(state, inventory));
    }
    if (json) {
      printJson(codec.mapper(), dir, inventory, targets);
    } else {
      printText(dir, inventory, targets);
    }
    return 0;
  }

  private static Target target(TargetState state, JournalInventory.Inventory inventory) throws Exception {
    int replayed = 0;
    int withDeadLetters = 0;
    int partly = 0;
    int notYet = 0;
    long behind = 0;
    List<InPart> inPart = new ArrayList<>();
    for (RunSummary run : inventory.runs()) {
      Optional<RunState> runState = state.ledger().state(run.run());
      if (runState.isEmpty()) {
        notYet++;
        behind += run.events();
      } else if (!runState.get().delivered()) {
        partly++;
        long sent = runState.get().deliveredInPart() ? Math.min(runState.get().events(), run.events()) : 0;
        behind += run.events() - sent;
        inPart.add(new InPart(run, runState.get(), sent, run.events()));
      } else if (runState.get().deadLetters() > 0) {
        withDeadLetters++;
        behind += runState.get().deadLetters();
      } else {
        replayed++;
      }
    }
    List<DeadLetter> letters = new ArrayList<>();
    for (DeadLetter letter : state.deadLetters().all()) {
      Optional<RunState> runState = state.ledger().state(letter.run());
      if (runState.isPresent() && runState.get().deadLetters() > 0) {
        letters.add(letter);
      }
    }
    return new Target(state.server(), state.dir(), replayed, withDeadLetters, partly, notYet, behind, inPart, letters,
        state.lastError(), state.replayRunning());
  }

  private static void printJson(ObjectMapper mapper, Path dir, JournalInventory.Inventory inventory,
      List<Target> targets) throws Exception {
    ObjectNode root = mapper.createObjectNode();
    root.put("journal", dir.toAbsolutePath().toString());
    root.put("journal_id", inventory.journalId());
    root.put("runs", inventory.runs().size());
    root.put("size_on_disk", org.arajournal.prune.DiskUsage.of(dir));
    ArrayNode array = root.putArray("targets");
    for (Target target : targets) {
      ObjectNode node = array.addObject();
      node.put("server", target.server());
      node.put("state_dir", target.stateDir().toAbsolutePath().toString());
      node.put("runs_replayed", target.replayed());
      node.put("runs_with_dead_letters", target.withDeadLetters());
      node.put("runs_partly_replayed", target.partly());
      node.put("runs_not_replayed", target.notYet());
      node.put("events_behind", target.eventsBehind());
      if (target.running().isPresent()) {
        node.putObject("replay_running").put("pid", target.running().get().pid())
            .put("since", target.running().get().since().toString());
      } else {
        node.putNull("replay_running");
      }
      ArrayNode partial = node.putArray("runs_in_part");
      for (InPart run : target.inPart()) {
        partial.addObject().put("run", run.run().run().toString()).put("playbook", run.state().playbookId())
            .put("shown_as", run.shownAs()).put("events_sent", run.sent()).put("events_in_journal", run.inJournal())
            .put("events_behind", run.inJournal() - run.sent());
      }
      ArrayNode letters = node.putArray("dead_letters");
      for (DeadLetter letter : target.deadLetters()) {
        letters.addObject().put("run", letter.run().toString()).put("seq", letter.seq()).put("type", letter.type())
            .put("status", letter.status()).put("reason", letter.reason()).put("at", letter.at().toString());
      }
      if (target.lastError().isPresent()) {
        node.putObject("last_error").put("at", target.lastError().get().at().toString())
            .put("message", target.lastError().get().message());
      } else {
        node.putNull("last_error");
      }
    }
    System.out.println(mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
  }

  private static void printText(Path dir, JournalInventory.Inventory inventory, List<Target> targets)
      throws java.io.IOException {
    System.out.printf("journal %s (%s): %d run(s), %s on disk%n", dir.toAbsolutePath(), inventory.journalId(),
        inventory.runs().size(), PruneCommand.human(org.arajournal.prune.DiskUsage.of(dir)));
    if (targets.isEmpty()) {
      System.out.println("  not replayed to any ARA server yet (or its state is elsewhere: --state DIR)");
    }
    for (Target target : targets) {
      System.out.printf("%s%n  %d replayed, %d with dead letters, %d partly replayed, %d not yet; %d event(s)"
              + " behind%n", target.server(), target.replayed(), target.withDeadLetters(), target.partly(),
          target.notYet(), target.eventsBehind());
      target.running().ifPresent(holder -> System.out.printf("  a replay is running now: %s%n", holder));
      for (InPart run : target.inPart()) {
        System.out.printf("  in part: run %s (playbook %d, %s): %d of %d event(s) sent, %d behind%n", run.run().run(),
            run.state().playbookId(), run.shownAs(), run.sent(), run.inJournal(), run.inJournal() - run.sent());
      }
      for (DeadLetter letter : target.deadLetters()) {
        System.out.printf("  dead letter: run %s event %d (%s): %s%n", letter.run(), letter.seq(), letter.type(),
            letter.status() > 0 ? "HTTP " + letter.status() + ": " + letter.reason() : letter.reason());
      }
      target.lastError().ifPresent(error -> System.out.printf("  last error at %s: %s%n", error.at(),
          error.message()));
    }
  }
}
