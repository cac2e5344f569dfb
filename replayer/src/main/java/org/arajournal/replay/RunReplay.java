package org.arajournal.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraException;
import org.arajournal.checkpoint.DeadLetter;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.MalformedEventException;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;
import org.arajournal.journal.Journal;
import org.arajournal.journal.RawEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one recorded run into ARA: each event becomes the API calls ARA's callback makes for the
 * Ansible hook it records, with the recorded times. The run's own thread keeps the order ARA's data
 * needs: playbook, play and task before what refers to them; a task's end after all its results, a
 * play's end after its tasks' ends; host stats and the playbook's end after everything. A task's
 * results go to the task pool, files and host stats to the global pool, as in ara_default with
 * callback threads; unlike ara_default, the next task starts while the previous one's results are
 * still being sent, so the server never waits on a task boundary.
 *
 * <p>This class reads the run ({@link RunCursor}) and sends each event to the writer of the ARA
 * resource it makes; refused events become dead letters ({@link Refusals}).
 */
final class RunReplay {
  private static final Logger log = LoggerFactory.getLogger(RunReplay.class);

  private final RunInfo info;
  private final CallbackDialect dialect;
  private final BoundedPool taskPool;
  private final EventCodec codec;
  private final LongConsumer progress;
  private final boolean closeIfIncomplete;
  private final LatestHosts latestHosts;
  private final Refusals refusals;
  private final PendingJobs jobs;
  private final PlaybookWriter playbook;
  /** The writers of the run's records, made once its playbook is in ARA. */
  private Writers writers;
  private long lastSeq;
  private Instant lastTime;
  private boolean statsStarted;

  /** One writer per ARA resource, all for one playbook. */
  private record Writers(PlaybookFileWriter files, LabelWriter labels, PlayWriter plays, TaskWriter tasks,
      HostWriter hosts, RecordWriter records, ResultWriter results) {}

  /**
   * What replaying the run did.
   *
   * @param status  the playbook's status in ARA now: {@code running} for a run delivered in part
   * @param stopped whether the replay was asked to stop before the run's end: the next one completes it
   * @param ended   whether the run's own end (playbook end or signal) was delivered
   * @param events  journal entries of the run read (duplicates included): how far a later replay is
   *                to look for more
   */
  record Outcome(long playbookId, AraStatus status, boolean stopped, boolean ended, long events, long results,
      long resultsWithoutTaskStart, long deadLetters) {}

  /** Where the replay reports what must outlive it: the playbook it made, and events the server refused. */
  interface Sink {
    /** The playbook the state says this run became, or -1. */
    long knownPlaybook();

    /** Whether the state says {@code playbookId} is another run's playbook. */
    boolean belongsToAnotherRun(long playbookId);

    /** Held while a run finds or creates its playbook and notes it: shared by every run of a replay. */
    Object playbookLock();

    void playbookCreated(long playbookId);

    void refused(DeadLetter letter);
  }

  /**
   * @param closeIfIncomplete close as expired when the journal ends before the run does; otherwise
   *     leave it running in ARA for a later replay to continue
   */
  RunReplay(RunInfo info, AraClient ara, CallbackDialect dialect, BoundedPool taskPool, BoundedPool globalPool,
      EventCodec codec, LatestHosts latestHosts, boolean closeIfIncomplete, LongConsumer progress, Sink sink) {
    this.info = info;
    this.latestHosts = latestHosts;
    this.dialect = dialect;
    this.taskPool = taskPool;
    this.codec = codec;
    this.closeIfIncomplete = closeIfIncomplete;
    this.progress = progress;
    this.refusals = new Refusals(info.run(), sink::refused);
    this.jobs = new PendingJobs(globalPool, refusals);
    this.playbook = new PlaybookWriter(info.run(), ara, dialect, sink);
  }

  /** The ARA playbook this run became, or -1 before it was created. */
  long playbookId() {
    return playbook.id();
  }

  /**
   * Reads the run's events from {@code journal} and replays them; throws on the first failure.
   * Returns early, {@code stopped}, once {@code stopping} says so: what was sent stays in ARA and
   * the next replay completes the run.
   *
   * @param stillRecording null to replay what the journal holds up to the run's last indexed event;
   *     otherwise follow the run as it is recorded, until its end, or until this says nobody records
   *     it any more (then it is closed as {@code expired}, like a killed run)
   */
  Outcome replay(Journal journal, BooleanSupplier stopping, BooleanSupplier stillRecording) {
    RunCursor.Stop stop;
    boolean ended;
    long events;
    try (RunCursor cursor = new RunCursor(journal, info, stopping, stillRecording)) {
      for (RunCursor.RunEntry entry = cursor.next(); entry != null; entry = cursor.next()) {
        applyEntry(entry);
      }
      stop = cursor.stop();
      ended = cursor.ended();
      events = cursor.entries();
    }
    if (stop == RunCursor.Stop.STOPPED) {
      return outcome(true, false, events);
    }
    if (writers != null && playbook.status() == AraStatus.RUNNING) {
      if (closeIfIncomplete || stop == RunCursor.Stop.ABANDONED) {
        closeAbandoned();
      } else {
        reopen();
      }
    }
    awaitAll();
    return outcome(false, ended, events);
  }

  private Outcome outcome(boolean stopped, boolean ended, long events) {
    return new Outcome(playbook.id(), playbook.status(), stopped, ended, events,
        writers == null ? 0 : writers.results().count(), writers == null ? 0 : writers.tasks().placeholders(),
        refusals.count());
  }

  /**
   * Decodes and applies one of the run's entries. An entry this replayer cannot decode (an event
   * type from a newer recorder, a damaged document) is a dead letter naming the entry: a newer
   * replayer may read it (--retry-dead-letters), and the rest of the run is delivered meanwhile.
   */
  private void applyEntry(RunCursor.RunEntry read) {
    RawEntry entry = read.entry();
    int invalid = entry.firstInvalidByte();
    if (invalid >= 0) {
      log.warn("journal entry {} (run {} event {}, {}) has bytes that are not UTF-8 from byte {} on: it was damaged"
          + " after it was recorded; replaying it with U+FFFD in their place", entry.index(), info.run(),
          read.envelope().seq(), read.envelope().type(), invalid);
    }
    Event event;
    try {
      event = codec.decode(entry.text());
    } catch (MalformedEventException e) {
      String reason = "journal entry " + entry.index() + " cannot be read: " + e.getMessage();
      log.warn("run {}: {}; kept as a dead letter (a newer ara-journal may read it: replay --retry-dead-letters)",
          info.run(), reason);
      refusals.deadLetter(read.envelope().seq(), read.envelope().type(), 0, reason);
      lastSeq = Math.max(lastSeq, read.envelope().seq());
      jobs.applying(lastSeq);
      progress.accept(1);
      return;
    }
    apply(event);
  }

  private void apply(Event event) {
    if (event.seq() <= lastSeq) {
      log.debug("run {}: event {} seen before; skipped", info.run(), event.seq());
      return;
    }
    if (event.seq() > lastSeq + 1 && lastSeq > 0) {
      log.warn("run {}: events {} to {} are not in the journal (see `ara-journal inspect` for its problem entries)",
          info.run(), lastSeq + 1, event.seq() - 1);
    }
    lastSeq = event.seq();
    lastTime = event.time();
    jobs.applying(event.seq());
    try {
      dispatch(event);
    } catch (DependsOnRefused e) {
      refuse(event, 0, e.getMessage(), e.seq());
    } catch (AraException e) {
      if (!Refusals.isRefusal(e)) {
        throw e;
      }
      refuse(event, e.status(), e.getMessage(), event.seq());
    }
    progress.accept(1);
  }

  private void refuse(Event event, int httpStatus, String reason, long rootSeq) {
    if (event.payload() instanceof Payload.TaskStarted t && writers != null) {
      writers.tasks().refused(t.uuid());
    }
    refusals.refuse(event, httpStatus, reason, rootSeq);
  }

  /** Sends {@code event} to the writer of what it makes in ARA. */
  private void dispatch(Event event) {
    Payload payload = event.payload();
    refusals.requirePlaybook();
    String time = Times.format(event.time());
    if (payload instanceof Payload.PlaybookStarted p) {
      if (writers != null) {
        log.warn("run {}: a second playbook_started event; ignored", info.run());
        return;
      }
      writers = writersFor(playbook.start(p, time));
      return;
    }
    if (writers == null) {
      throw new IllegalStateException("run " + info.run() + ": its first event in the journal is '" + event.type()
          + "' (seq " + event.seq() + "), not playbook_started; without it there is no playbook to fill in ARA");
    }
    Writers w = writers;
    if (payload instanceof Payload.FileCaptured f) {
      w.files().file(f.path(), f.content());
    } else if (payload instanceof Payload.PlayStarted p) {
      String open = w.plays().openPlay();
      if (open != null) {
        playEnded(open, AraStatus.COMPLETED, time);
      }
      playbook.rename(p.playbookName());
      // Each play start sets the playbook's labels to this play's list.
      w.labels().play(p.labels());
      w.plays().start(p, time);
    } else if (payload instanceof Payload.TaskStarted t) {
      refusals.requireAccepted(t.playUuid());
      w.tasks().start(t, time);
    } else if (payload instanceof Payload.HostStarted) {
      // Its time is already in the result's `started`: ara_default keeps it in memory only.
    } else if (payload instanceof Payload.ResultRecorded r) {
      refusals.requireAccepted(r.taskUuid());
      w.results().result(r, event.seq(), time);
    } else if (payload instanceof Payload.TaskFailed f) {
      refusals.requireAccepted(f.taskUuid());
      w.tasks().failed(f.taskUuid());
    } else if (payload instanceof Payload.TaskEnded t) {
      refusals.requireAccepted(t.taskUuid());
      w.tasks().end(t.taskUuid(), AraStatus.COMPLETED, time);
    } else if (payload instanceof Payload.PlayEnded p) {
      refusals.requireAccepted(p.playUuid());
      playEnded(p.playUuid(), AraStatus.COMPLETED, time);
    } else if (payload instanceof Payload.HostStats s) {
      if (!statsStarted) {
        awaitAll(); // stats come after everything else of the run
        statsStarted = true;
      }
      w.hosts().stats(s);
    } else if (payload instanceof Payload.PlaybookEnded e) {
      w.tasks().closePlaceholders(time);
      playbookEnded(AraStatus.named(e.status()), time);
    } else if (payload instanceof Payload.RecordWritten r) {
      refusals.requireAccepted(r.taskUuid());
      w.records().write(r);
    } else if (payload instanceof Payload.RunInterrupted) {
      interrupted(time);
    }
  }

  private Writers writersFor(RunTarget target) {
    PlaybookFileWriter files = new PlaybookFileWriter(target, jobs);
    PlayWriter plays = new PlayWriter(target, jobs);
    TaskWriter tasks = new TaskWriter(target, jobs, files, plays);
    HostWriter hosts = new HostWriter(target, jobs, latestHosts);
    RecordWriter records = new RecordWriter(target);
    return new Writers(files, new LabelWriter(target), plays, tasks, hosts, records,
        new ResultWriter(target, taskPool, refusals, tasks, hosts, records));
  }

  /** Ends play {@code uuid} if open, with its open task and placeholders first. */
  private void playEnded(String uuid, AraStatus status, String time) {
    if (!writers.plays().isOpen(uuid)) {
      return;
    }
    writers.tasks().endOpen(status, time);
    writers.tasks().closePlaceholders(time);
    writers.plays().end(uuid, status, time, writers.tasks().takePlayTaskEnds());
  }

  private void playbookEnded(AraStatus status, String time) {
    awaitAll();
    playbook.end(status, time);
  }

  /**
   * A signal stopped Ansible. ARA 1.7.2+ marks the playbook {@code expired}; the task and play the
   * signal cut short (the callback leaves them open) are {@code expired} too, as {@code ara expire}
   * leaves what was still running.
   */
  private void interrupted(String time) {
    writers.tasks().closePlaceholders(time);
    closeOpen(AraStatus.EXPIRED, time);
    playbookEnded(AraStatus.EXPIRED, time);
  }

  /**
   * The run has no end and nothing writes it any more (Ansible was killed): close what was open at
   * its last event as {@code expired}, the way {@code ara expire} treats abandoned runs.
   */
  private void closeAbandoned() {
    String time = Times.format(lastTime);
    log.info("run {} has no end in the journal; closing it as expired at its last event ({})", info.run(), time);
    interrupted(time);
  }

  /**
   * The run goes on past what the journal holds, but an earlier replay closed it as {@code expired}
   * (a copy of the journal made mid-run, closed on request or after {@code --abandon-after}): what
   * that closing ended and this replay did not end again is open once more, as ARA's callback
   * would show it now. Later events end it for good.
   */
  private void reopen() {
    if (!playbook.foundClosed()) {
      return;
    }
    awaitAll();
    log.info("run {}: has more events than when it was closed as {}; open again in ARA until its end arrives",
        info.run(), playbook.statusFound());
    ObjectNode open = playbook.target().object().put("status", AraStatus.RUNNING.wireName()).putNull("ended");
    writers.tasks().reopen(open);
    writers.plays().reopen(open);
    playbook.reopen(open);
  }

  private void closeOpen(AraStatus status, String time) {
    writers.tasks().endOpen(status, time);
    String open = writers.plays().openPlay();
    if (open != null) {
      playEnded(open, status, time);
    }
  }

  private void awaitAll() {
    if (writers != null) {
      writers.tasks().awaitResults();
    }
    jobs.awaitAll();
  }
}
