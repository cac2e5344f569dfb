package org.arajournal.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.arajournal.fs.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each run of a journal stands on one ARA server, as an append-only file of
 * "run stage playbook-id dead-letters events" lines (older lines lack "events"), each forced to disk before the call returns; the
 * last line of a run wins. A crash mid-write leaves at most a torn last line, which is ignored:
 * the run it described is then found on the server (see the replay's lookups), never lost.
 */
public final class Ledger {
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);

  private final Path file;
  private final Map<UUID, RunState> runs = new LinkedHashMap<>();
  // Every run asks whether a playbook it found on the server belongs to another run: a journal
  // of thousands of runs must not scan them all each time.
  private final Map<Long, UUID> runByPlaybook = new HashMap<>();

  private Ledger(Path file) {
    this.file = file;
  }

  /** The ledger kept in {@code file}; a missing file is an empty ledger. */
  public static Ledger open(Path file) {
    Ledger ledger = new Ledger(file);
    if (Files.isRegularFile(file)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the replay ledger " + file + ": " + e.getMessage()
            + "; fix its permissions, or delete it (the next replay then checks every run on the server)", e);
      }
      for (String line : lines) {
        RunState state = parse(line);
        if (state == null) {
          log.warn("ignoring a damaged line in {}: '{}'", file, line);
        } else {
          ledger.remember(state);
        }
      }
    }
    return ledger;
  }

  private static RunState parse(String line) {
    String[] parts = line.trim().split(" ");
    if (parts.length != 4 && parts.length != 5) {
      return null;
    }
    try {
      long events = parts.length == 5 ? Long.parseLong(parts[4]) : RunState.UNKNOWN;
      return new RunState(UUID.fromString(parts[0]), RunState.Stage.valueOf(parts[1]), Long.parseLong(parts[2]),
          Long.parseLong(parts[3]), events);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The run whose playbook {@code playbookId} is on this server, if this ledger knows it. */
  public synchronized Optional<UUID> runOf(long playbookId) {
    return Optional.ofNullable(runByPlaybook.get(playbookId));
  }

  private void remember(RunState state) {
    RunState before = runs.put(state.run(), state);
    if (before != null) {
      runByPlaybook.remove(before.playbookId(), before.run());
    }
    runByPlaybook.put(state.playbookId(), state.run());
  }

  public synchronized Optional<RunState> state(UUID run) {
    return Optional.ofNullable(runs.get(run));
  }

  /** Every run this ledger knows, in the order they were first noted. */
  public synchronized List<RunState> runs() {
    return List.copyOf(runs.values());
  }

  /** Notes where {@code state}'s run stands; on disk when this returns. */
  public synchronized void note(RunState state) throws IOException {
    DurableFiles.createPrivateDirectory(file.getParent());
    String line = state.run() + " " + state.stage() + " " + state.playbookId() + " " + state.deadLetters() + " "
        + state.events() + "\n";
    DurableFiles.appendForced(file, line.getBytes(StandardCharsets.UTF_8));
    remember(state);
  }

  public Path file() {
    return file;
  }
}
