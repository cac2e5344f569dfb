package org.arajournal.prune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.arajournal.checkpoint.RunState;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalCycles;
import org.arajournal.replay.RunIndexer;
import org.arajournal.replay.RunInfo;

/**
 * Decides what of a journal may go: runs older than a limit that every ARA server the journal's
 * replay state knows has received whole, without dead letters. Disk space comes back a cycle file
 * (a day) at a time, so a file goes only when every run with an event in it may go; a run goes
 * only with all its files; the file being written never goes.
 */
public final class Pruner {
  /** What becomes of one run, and why. */
  public record RunDecision(UUID run, Instant lastEvent, boolean removed, String why) {}

  /** What becomes of one cycle file, and why. */
  public record FileDecision(int cycle, Path file, long bytes, boolean removed, String why) {}

  /** The decisions for a journal: its runs, its files, and the servers they were checked against. */
  public record Plan(List<RunDecision> runs, List<FileDecision> files, List<String> servers) {
    public long bytesRemoved() {
      return files.stream().filter(FileDecision::removed).mapToLong(FileDecision::bytes).sum();
    }
  }

  private final Instant olderThan;

  /** Prunes runs whose last event is before {@code olderThan}. */
  public Pruner(Instant olderThan) {
    this.olderThan = olderThan;
  }

  /** What pruning {@code journal} against the replay states {@code targets} would remove; changes nothing. */
  public Plan plan(Journal journal, List<TargetState> targets) throws IOException {
    RunIndexer.Index index = new RunIndexer().index(journal);
    JournalCycles cycles = journal.cycles();
    Map<Integer, Path> files = cycles.files();
    Map<UUID, String> keptRuns = new LinkedHashMap<>();
    Map<UUID, RunInfo> runs = new LinkedHashMap<>();
    for (RunInfo run : index.runs()) {
      runs.put(run.run(), run);
      whyKept(run, targets).ifPresent(why -> keptRuns.put(run.run(), why));
    }
    Map<Integer, String> keptFiles = new HashMap<>();
    if (!files.isEmpty()) {
      int newest = ((TreeSet<Integer>) new TreeSet<>(files.keySet())).last();
      keptFiles.put(newest, "the newest file, which recorders append to");
    }
    for (long skipped : index.skippedIndices()) {
      keptFiles.putIfAbsent(cycles.cycleOf(skipped), "holds entries that are not events (see `ara-journal inspect`)");
    }
    // A kept run keeps its files; a file kept keeps every run with events in it: until nothing changes.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (RunInfo run : runs.values()) {
        Set<Integer> spans = span(run, cycles);
        String kept = keptRuns.get(run.run());
        if (kept != null) {
          for (int cycle : spans) {
            changed |= keptFiles.putIfAbsent(cycle, "holds run " + run.run() + ", which is kept") == null;
          }
        } else {
          for (int cycle : spans) {
            String why = keptFiles.get(cycle);
            if (why != null) {
              keptRuns.put(run.run(), "shares a file with what is kept (" + why + ")");
              changed = true;
              break;
            }
          }
        }
      }
    }
    List<RunDecision> runDecisions = new ArrayList<>();
    for (RunInfo run : runs.values()) {
      String kept = keptRuns.get(run.run());
      runDecisions.add(new RunDecision(run.run(), run.lastTime(), kept == null,
          kept == null ? "received whole by every server, last event " + run.lastTime() : kept));
    }
    List<FileDecision> fileDecisions = new ArrayList<>();
    for (Map.Entry<Integer, Path> file : files.entrySet()) {
      String kept = keptFiles.get(file.getKey());
      fileDecisions.add(new FileDecision(file.getKey(), file.getValue(), DiskUsage.of(file.getValue()), kept == null,
          kept == null ? "every run in it is removed" : kept));
    }
    List<String> servers = targets.stream().map(TargetState::server).toList();
    return new Plan(runDecisions, fileDecisions, servers);
  }

  /** Removes the files {@code plan} says go; call with no journal of this process open on them. */
  public static void remove(Plan plan) throws IOException {
    for (FileDecision file : plan.files()) {
      if (file.removed()) {
        Files.deleteIfExists(file.file());
      }
    }
  }

  private Optional<String> whyKept(RunInfo run, List<TargetState> targets) {
    if (targets.isEmpty()) {
      return Optional.of("no ARA server has received it (this journal was never replayed; --state DIR?)");
    }
    for (TargetState target : targets) {
      Optional<RunState> state = target.ledger().state(run.run());
      if (state.isEmpty()) {
        return Optional.of("not replayed to " + target.server() + " yet");
      }
      RunState known = state.get();
      if (known.deadLetters() > 0) {
        return Optional.of(known.deadLetters() + " event(s) refused by " + target.server()
            + " (dead letters: `ara-journal status`)");
      }
      boolean whole = known.delivered()
          || (known.stage() == RunState.Stage.CLOSED && known.events() >= run.events());
      if (!whole) {
        return Optional.of("not received whole by " + target.server() + " (" + known.stage() + ")");
      }
    }
    if (!run.lastTime().isBefore(olderThan)) {
      return Optional.of("newer than the limit (last event " + run.lastTime() + ")");
    }
    return Optional.empty();
  }

  private static Set<Integer> span(RunInfo run, JournalCycles cycles) {
    Set<Integer> spans = new TreeSet<>();
    int first = cycles.cycleOf(run.firstIndex());
    int last = cycles.cycleOf(run.lastIndex());
    for (int cycle = first; cycle <= last; cycle++) {
      spans.add(cycle);
    }
    return spans;
  }
}
