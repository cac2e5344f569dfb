package org.arajournal.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.arajournal.ara.AraClient;
import org.arajournal.checkpoint.RunState;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.event.Envelope;
import org.arajournal.event.EventCodec;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalOrigin;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.LiveRuns;
import org.arajournal.journal.RawEntry;
import org.arajournal.journal.SpoolIngester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the runs of a journal into one ARA server: finds the runs that are due (ended, or
 * abandoned and to be closed, and not delivered before), then replays several at once, each with
 * the ordering ARA's data needs, sharing one task-results pool and one global pool.
 */
public final class Replayer {
  private static final Logger log = LoggerFactory.getLogger(Replayer.class);
  /** How often {@link #follow} looks for new entries at the end of the journal. */
  private static final Duration FOLLOW_POLL = Duration.ofMillis(20);
  /** How often {@link #follow} takes spool files of dead recorders into the journal. */
  private static final Duration SPOOL_CHECK = Duration.ofSeconds(5);
  /** Jobs waiting per worker thread: enough to keep workers busy, small enough to keep memory flat. */
  private static final int QUEUED_PER_THREAD = 16;

  private final Journal journal;
  private final AraClient ara;
  private final ReplayOptions options;
  private final TargetState state;
  private final Progress progress;
  private final EventCodec codec = new EventCodec();
  private final LatestHosts latestHosts;

  public Replayer(Journal journal, AraClient ara, ReplayOptions options, TargetState state, Progress progress) {
    this.journal = journal;
    this.ara = ara;
    this.options = options;
    this.state = state;
    this.progress = progress;
    this.latestHosts = new LatestHosts(ara);
  }

  private volatile boolean stopping;
  private final Object playbookLock = new Object();

  /**
   * Asks the replay to stop soon (on SIGTERM/SIGINT): runs stop before their next event; requests in
   * flight finish on their own. Nothing needs saving: each run's progress is in the ledger and on
   * the server, and the next replay completes it.
   */
  public void stop() {
    stopping = true;
  }

  public ReplayReport replay() {
    ingestSpools();
    RunIndexer.Index index = new RunIndexer().index(journal);
    if (index.skippedEntries() > 0) {
      log.warn("{} journal entries are not events (quarantined or unreadable) and are not replayed;"
          + " `ara-journal inspect` lists them", index.skippedEntries());
    }
    List<Due> due = new ArrayList<>();
    List<UUID> alreadyDelivered = new ArrayList<>();
    List<UUID> leftRunning = Collections.synchronizedList(new ArrayList<>());
    Set<UUID> retried = new HashSet<>();
    long withDeadLetters = 0;
    Closing closing = new Closing();
    for (RunInfo run : index.runs()) {
      if (!wanted(run.run())) {
        continue;
      }
      Optional<RunState> known = state.ledger().state(run.run());
      boolean close = !run.ended() && closing.closesNow(run);
      if (known.isPresent() && !options.again()) {
        RunState before = known.get();
        boolean retry = before.deadLetters() > 0 && options.retryDeadLetters();
        if (!retry && upToDate(before, run, close)) {
          if (before.stage() == RunState.Stage.PARTIAL) {
            leftRunning.add(run.run());
          } else {
            alreadyDelivered.add(run.run());
            withDeadLetters += before.deadLetters() > 0 ? 1 : 0;
          }
          continue;
        }
      }
      // Its dead letters are sent again with the rest: still refused, they are noted again.
      known.filter(before -> before.deadLetters() > 0).ifPresent(before -> retried.add(run.run()));
      due.add(new Due(run, close));
    }
    if (!alreadyDelivered.isEmpty()) {
      log.info("{} run(s) were delivered to {} before (ledger {}); --again checks them again",
          alreadyDelivered.size(), ara.settings().server(), state.ledger().file());
    }
    if (withDeadLetters > 0) {
      log.warn("{} run(s) delivered before have events the server refused: `ara-journal status` lists them,"
          + " --retry-dead-letters tries them again", withDeadLetters);
    }
    try {
      state.deadLetters().forget(retried);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + state.deadLetters().file() + ": " + e.getMessage(), e);
    }
    long events = due.stream().mapToLong(d -> d.run().events()).sum();
    long results = due.stream().mapToLong(d -> d.run().results()).sum();
    log.info("replaying {} run(s) ({} events, {} results) into ARA {} at {} with {} thread(s)", due.size(), events,
        results, ara.version(), ara.settings().server(), options.threads());

    CallbackDialect dialect = new CallbackDialect(ara.version());
    List<ReplayReport.Delivered> delivered = Collections.synchronizedList(new ArrayList<>());
    List<ReplayReport.Failed> failed = Collections.synchronizedList(new ArrayList<>());
    progress.start(events, due.size());
    int runThreads = Math.max(1, Math.min(options.threads(), due.size()));
    ExecutorService runs = Executors.newFixedThreadPool(runThreads, r -> {
      Thread t = new Thread(r, "replay-run");
      t.setDaemon(true);
      return t;
    });
    try (BoundedPool taskPool = new BoundedPool("replay-results", options.threads(),
            options.threads() * QUEUED_PER_THREAD);
        BoundedPool globalPool = new BoundedPool("replay-global", options.threads(),
            options.threads() * QUEUED_PER_THREAD)) {
      List<Future<?>> work = new ArrayList<>();
      for (Due run : due) {
        work.add(runs.submit(() -> replayOne(run.run(), run.close(), dialect, taskPool, globalPool, delivered, failed,
            leftRunning, null)));
      }
      for (Future<?> future : work) {
        try {
          future.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a replay worker failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    } finally {
      runs.shutdownNow();
      progress.close();
    }
    return new ReplayReport(List.copyOf(delivered), List.copyOf(failed), List.copyOf(leftRunning),
        alreadyDelivered, progress.done(), progress.seconds());
  }

  /** A run to replay now, and whether to close it as {@code expired} if the journal holds no end of it. */
  private record Due(RunInfo run, boolean close) {}

  /**
   * Whether the server has everything of {@code run} that is due: its end; or, for a run without an
   * end, every entry the journal holds of it, closed if it is to be closed now. A journal only grows,
   * so more entries than the ledger counted are events ARA lacks (a newer copy of the journal).
   */
  private static boolean upToDate(RunState before, RunInfo run, boolean close) {
    return switch (before.stage()) {
      case STARTED -> false;
      // Ledgers before entry counts marked closed runs DELIVERED too: such a run is checked once more.
      case DELIVERED -> before.events() != RunState.UNKNOWN || run.ended();
      case CLOSED -> run.events() <= before.events();
      case PARTIAL -> run.events() <= before.events() && !close && !run.ended();
    };
  }

  /**
   * Decides when a run without an end is closed as {@code expired}: on request, once its last event
   * is older than {@code --abandon-after}, or when nothing records it any more — which only the
   * journal its recorders write can tell (their locks): in a copy a run may still be going on.
   */
  private final class Closing {
    private final LiveRuns live = new LiveRuns(journal);
    private final boolean here = new JournalOrigin(journal.dir()).isHere();
    private boolean copyExplained;

    boolean closesNow(RunInfo run) {
      if (options.closeIncomplete() || abandoned(run.lastTime())) {
        return true;
      }
      if (here) {
        return !live.isLive(run.run());
      }
      if (!copyExplained) {
        copyExplained = true;
        log.info("{} is not where its recorders write it ({}): runs without an end are delivered as far as they go and"
            + " left running until their last event is --abandon-after old, or --close-incomplete; a later copy"
            + " completes them", journal.dir(), new JournalOrigin(journal.dir()).recorded()
                .map(origin -> "written at " + origin).orElse("no recorder of this version wrote it"));
      }
      return false;
    }

    /** For a followed run: whether anything may still add to it. */
    boolean mayGrow(UUID run, java.time.Instant lastTime) {
      return here ? live.isLive(run) : !abandoned(lastTime);
    }

    private boolean abandoned(java.time.Instant lastTime) {
      return lastTime.isBefore(Instant.now().minus(options.abandonAfter()));
    }
  }

  /**
   * Replays the journal as it grows, until {@link #stop}: each run is sent while it is recorded,
   * event by event, and closed when it ends (or as {@code expired} once nothing records it any
   * more). Runs delivered before are skipped, as by {@link #replay}.
   */
  public ReplayReport follow() {
    ingestSpools();
    CallbackDialect dialect = new CallbackDialect(ara.version());
    List<ReplayReport.Delivered> delivered = Collections.synchronizedList(new ArrayList<>());
    List<ReplayReport.Failed> failed = Collections.synchronizedList(new ArrayList<>());
    List<UUID> alreadyDelivered = new ArrayList<>();
    List<UUID> leftRunning = Collections.synchronizedList(new ArrayList<>());
    FollowedRuns followed = new FollowedRuns();
    Closing closing = new Closing();
    log.info("following {} into ARA {} at {} with {} thread(s); stop with Ctrl-C or SIGTERM", journal.dir(),
        ara.version(), ara.settings().server(), options.threads());
    progress.start(0, 0);
    // One thread per run being followed: a run waits for its next event as long as Ansible runs.
    ExecutorService runs = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "replay-run");
      t.setDaemon(true);
      return t;
    });
    long nextSpoolCheck = System.nanoTime() + SPOOL_CHECK.toNanos();
    try (BoundedPool taskPool = new BoundedPool("replay-results", options.threads(),
            options.threads() * QUEUED_PER_THREAD);
        BoundedPool globalPool = new BoundedPool("replay-global", options.threads(),
            options.threads() * QUEUED_PER_THREAD);
        JournalReader tail = journal.reader()) {
      long previous = -1;
      while (!stopping) {
        RawEntry entry = tail.next();
        if (entry == null) {
          if (System.nanoTime() > nextSpoolCheck) {
            ingestSpools(); // a recorder that died left its runs' last events in spool files
            nextSpoolCheck = System.nanoTime() + SPOOL_CHECK.toNanos();
          }
          LockSupport.parkNanos(FOLLOW_POLL.toNanos());
          continue;
        }
        Envelope key = Envelope.peek(entry.data());
        if (key != null && wanted(key.run())) {
          FollowedRuns.Sighting sighting = followed.saw(key, previous);
          if (!sighting.active() && dueWhileFollowing(sighting, alreadyDelivered)) {
            RunInfo run = new RunInfo(key.run(), sighting.startAfter(), Long.MAX_VALUE, 0, 0, false, false, key.time(),
                -1);
            followed.activate(key.run());
            runs.submit(() -> {
              try {
                replayOne(run, false, dialect, taskPool, globalPool, delivered, failed, leftRunning,
                    () -> closing.mayGrow(run.run(), followed.lastTime(run.run())));
              } finally {
                followed.deactivate(run.run());
              }
            });
          }
        }
        previous = entry.index();
      }
    } finally {
      runs.shutdownNow();
      progress.close();
    }
    return new ReplayReport(List.copyOf(delivered), List.copyOf(failed), List.copyOf(leftRunning), alreadyDelivered,
        progress.done(), progress.seconds());
  }

  /**
   * Whether a run the follow has just seen an entry of, and that no thread follows now, is to be
   * followed: once at first sight unless its end is in ARA; again whenever the journal holds more
   * of it than ARA has (a run closed as expired that goes on, e.g. in a newer copy).
   */
  private boolean dueWhileFollowing(FollowedRuns.Sighting sighting, List<UUID> alreadyDelivered) {
    Optional<RunState> known = state.ledger().state(sighting.run());
    if (known.isEmpty() || options.again()) {
      return sighting.first();
    }
    RunState before = known.get();
    if (before.delivered()) {
      if (sighting.first()) {
        alreadyDelivered.add(sighting.run());
      }
      return false;
    }
    return switch (before.stage()) {
      case STARTED, PARTIAL -> sighting.first() || sighting.entries() > before.events();
      case CLOSED -> sighting.entries() > before.events();
      case DELIVERED -> false;
    };
  }

  private boolean wanted(UUID run) {
    return options.onlyRuns().isEmpty() || options.onlyRuns().contains(run);
  }

  private void replayOne(RunInfo run, boolean close, CallbackDialect dialect, BoundedPool taskPool,
      BoundedPool globalPool, List<ReplayReport.Delivered> delivered, List<ReplayReport.Failed> failed,
      List<UUID> leftRunning, BooleanSupplier stillRecording) {
    if (stopping) {
      return;
    }
    long start = System.nanoTime();
    StateSink sink = new StateSink(state, run.run(), playbookLock);
    RunReplay replay = new RunReplay(run, ara, dialect, taskPool, globalPool, codec, latestHosts, close,
        progress::add, sink);
    try {
      RunReplay.Outcome outcome = replay.replay(journal, () -> stopping, stillRecording);
      latestHosts.settle(outcome.playbookId());
      if (outcome.stopped()) {
        log.info("run {}: stopped before its end; the next replay completes it", run.run());
        return;
      }
      RunState.Stage stage = outcome.ended() ? RunState.Stage.DELIVERED
          : outcome.status() == AraStatus.RUNNING ? RunState.Stage.PARTIAL : RunState.Stage.CLOSED;
      sink.note(new RunState(run.run(), stage, outcome.playbookId(), outcome.deadLetters(), outcome.events()));
      if (stage == RunState.Stage.PARTIAL) {
        leftRunning.add(run.run());
        log.info("run {} has no end yet: its {} events so far are in ARA (playbook {}), left running; a later replay"
            + " of this journal or a newer copy sends the rest", run.run(), outcome.events(), outcome.playbookId());
      }
      delivered.add(new ReplayReport.Delivered(run.run(), outcome.playbookId(), outcome.status().wireName(),
          outcome.results(), outcome.deadLetters()));
      log.info("run {} -> {}api/v1/playbooks/{} ({}, {} results{}) in {} s", run.run(), ara.settings().server(),
          outcome.playbookId(), outcome.status(), outcome.results(),
          outcome.deadLetters() > 0 ? ", " + outcome.deadLetters() + " events refused" : "",
          String.format("%.1f", (System.nanoTime() - start) / 1e9));
    } catch (RuntimeException e) {
      long playbook = replay.playbookId();
      String where = playbook >= 0 ? " (ARA playbook " + playbook + " is partial; the next replay completes it)" : "";
      log.error("run {} not delivered{}: {}", run.run(), where, e.getMessage());
      log.debug("run {} failure", run.run(), e);
      failed.add(new ReplayReport.Failed(run.run(), playbook, e.getMessage()));
      try {
        state.lastError("run " + run.run() + ": " + e.getMessage(), Instant.now());
      } catch (IOException notSaved) {
        log.warn("cannot save the last error in {}: {}", state.dir(), notSaved.getMessage());
      }
    } finally {
      progress.runDone();
    }
  }

  private void ingestSpools() {
    if (journal.readOnly() || !new JournalOrigin(journal.dir()).isHere()) {
      // A copy: its spool files are the original's too, whose next recorder takes them in; and
      // appending to a copy would meet the lock of the copied writer in its metadata.
      return;
    }
    try {
      SpoolIngester.Summary summary = new SpoolIngester(journal).ingestAll();
      if (summary.files() > 0) {
        log.info("took {} spool file(s) into the journal first ({} events)", summary.files(), summary.appended());
      }
    } catch (IOException | RuntimeException e) {
      log.warn("could not take the spool files of {} into the journal ({}); their events are not replayed this time",
          journal.spoolDir(), e.getMessage());
    }
  }
}
