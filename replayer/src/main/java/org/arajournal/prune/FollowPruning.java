package org.arajournal.prune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes the journal a {@code replay --follow} keeps open, every so often, as {@code ara-journal
 * prune} would: a replay that runs as a service keeps its journal bounded without a cron job.
 */
public final class FollowPruning implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FollowPruning.class);

  private final Journal journal;
  private final Path stateDir;
  private final Duration olderThan;
  private final ScheduledExecutorService scheduler;

  /**
   * Starts pruning runs of {@code journal} older than {@code olderThan} that every server known in
   * {@code stateDir} has whole, first after {@code every}, then every {@code every}.
   *
   * @throws IllegalArgumentException if the journal was opened read-only, or a duration is not positive
   */
  public FollowPruning(Journal journal, Path stateDir, Duration olderThan, Duration every) {
    if (journal.readOnly()) {
      throw new IllegalArgumentException("--prune-older-than: journal " + journal.dir() + " is not writable by this"
          + " user, so nothing can be removed from it (replay a writable copy, or leave out --prune-older-than)");
    }
    if (olderThan.isNegative() || every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("--prune-older-than and --prune-every must be positive durations, were "
          + olderThan + " and " + every);
    }
    this.journal = journal;
    this.stateDir = stateDir;
    this.olderThan = olderThan;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "replay-prune");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::pruneOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    log.info("pruning runs older than {} that every known ARA server has whole, every {}", olderThan, every);
  }

  /** One pruning pass; a failure is logged and the next pass tries again, the follow goes on. */
  void pruneOnce() {
    try {
      Pruner.Plan plan = new Pruner(Instant.now().minus(olderThan)).plan(journal, TargetState.all(stateDir,
          journal.id()));
      Pruner.remove(plan);
      long files = plan.files().stream().filter(Pruner.FileDecision::removed).count();
      if (files == 0) {
        log.debug("pruning: nothing to remove ({} run(s) kept)", plan.runs().size());
        return;
      }
      journal.rescanFiles();
      long runs = plan.runs().stream().filter(Pruner.RunDecision::removed).count();
      log.info("pruned {} run(s) in {} file(s), freed {} bytes; kept {} run(s) (`ara-journal prune --dry-run` says"
          + " why)", runs, files, plan.bytesRemoved(), plan.runs().size() - runs);
    } catch (IOException | UncheckedIOException | org.arajournal.journal.JournalException e) {
      log.warn("pruning {} failed, trying again later: {}", journal.dir(), e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
