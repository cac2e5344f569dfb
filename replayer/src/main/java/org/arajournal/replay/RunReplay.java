package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraException;
import org.arajournal.checkpoint.DeadLetter;
import org.arajournal.event.Envelope;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.MalformedEventException;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalReader;
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
 */
final class RunReplay {
  private static final Logger log = LoggerFactory.getLogger(RunReplay.class);
  private static final String UNREAD_FILE =
      "ARA was not able to read this file successfully.\n Refer to the logs for more information";
  /** How often a followed run looks for new events: well within the 1 s an event may take to reach ARA. */
  private static final Duration FOLLOW_POLL = Duration.ofMillis(100);
  /** Pending global jobs kept before completed ones are pruned: bounds memory on huge runs. */
  private static final int PRUNE_AT = 256;

  private final RunInfo info;
  private final AraClient ara;
  private final CallbackDialect dialect;
  private final BoundedPool taskPool;
  private final BoundedPool globalPool;
  private final EventCodec codec;
  private final LongConsumer progress;
  private final boolean closeIfIncomplete;
  private final Sink sink;
  private final LatestHosts latestHosts;

  private long playbookId = -1;
  private ExistingRecords existing;
  private String playbookPath;
  private Instant playbookStarted;
  private String playbookName;
  private List<String> labels = List.of();
  private String status = "running";
  private final Map<String, CompletableFuture<Long>> files = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> hosts = new ConcurrentHashMap<>();
  private final Map<String, PlayState> plays = new HashMap<>();
  private final Map<String, TaskState> tasks = new HashMap<>();
  private final List<CompletableFuture<?>> global = new ArrayList<>();
  /** Ends of the current play's tasks: the play's end waits for them. */
  private final List<CompletableFuture<?>> playTaskEnds = new ArrayList<>();
  private final List<String> openPlaceholders = new ArrayList<>();
  /** Records written by a host's task whose result is still to come: it shows what ARA answered. */
  private final Map<String, java.util.Deque<JsonNode>> recordsAwaitingResult = new HashMap<>();
  private String openPlay;
  private String openTask;
  private long lastSeq;
  private long entries;
  /** The status ARA showed for the run's playbook when this replay found it there, or null. */
  private String statusFound;
  private long results;
  private long resultsWithoutTaskStart;
  private Instant lastTime;

  private static final class PlayState {
    final long id;
    boolean open = true;

    PlayState(long id) {
      this.id = id;
    }
  }

  private static final class TaskState {
    final long id;
    final long playId;
    final String action;
    final String started;
    final boolean placeholder;
    boolean failed;
    boolean open = true;
    final List<CompletableFuture<?>> results = new ArrayList<>();
    /** The end of its latest run: a task that starts again ends again, after its earlier end. */
    CompletableFuture<?> lastEnd;
    // What ARA after 1.7.4 sends at the task's end; filled by result workers, so guarded by `this`.
    JsonNode deprecations;
    final java.util.Set<JsonNode> exceptions = new java.util.LinkedHashSet<>();
    final java.util.Set<JsonNode> warnings = new java.util.LinkedHashSet<>();

    synchronized void noteDiagnostics(JsonNode content) {
      if (content == null || !content.isObject()) {
        return;
      }
      if (content.has("deprecations")) {
        deprecations = content.get("deprecations"); // the callback keeps the latest result's list
      }
      if (content.has("exception")) {
        exceptions.add(content.get("exception"));
      }
      content.path("warnings").forEach(warnings::add);
    }

    TaskState(long id, long playId, String action, String started, boolean placeholder) {
      this.id = id;
      this.playId = playId;
      this.action = action;
      this.started = started;
      this.placeholder = placeholder;
    }
  }


  /**
   * What replaying the run did.
   *
   * @param status  the playbook's status in ARA now: {@code running} for a run delivered in part
   * @param ended   whether the run's own end (playbook end or signal) was delivered
   * @param events  journal entries of the run read (duplicates included): how far a later replay is
   *                to look for more
   */
  record Outcome(long playbookId, String status, boolean ended, long events, long results,
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
   * An event could not be sent because the server refused one it depends on ({@code seq}); that
   * one is a dead letter already.
   */
  private static final class DependsOnRefused extends RuntimeException {
    final long seq;

    DependsOnRefused(long seq) {
      super("depends on event " + seq + ", which the server refused", null, false, false);
      this.seq = seq;
    }
  }

  private final Map<String, Long> refusedParents = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong deadLetters = new java.util.concurrent.atomic.AtomicLong();
  private long refusedPlaybookSeq = -1;
  private boolean statsStarted;

  RunReplay(RunInfo info, AraClient ara, CallbackDialect dialect, BoundedPool taskPool, BoundedPool globalPool,
      EventCodec codec, LatestHosts latestHosts, boolean closeIfIncomplete, LongConsumer progress, Sink sink) {
    // closeIfIncomplete: close as expired when the journal ends before the run does; otherwise
    // leave it running in ARA for a later replay to continue
    this.info = info;
    this.latestHosts = latestHosts;
    this.ara = ara;
    this.dialect = dialect;
    this.taskPool = taskPool;
    this.globalPool = globalPool;
    this.codec = codec;
    this.closeIfIncomplete = closeIfIncomplete;
    this.progress = progress;
    this.existing = ExistingRecords.none(dialect);
    this.sink = sink;
  }

  /** The ARA playbook this run became, or -1 before it was created. */
  long playbookId() {
    return playbookId;
  }

  /**
   * Reads the run's events from {@code journal} and replays them; throws on the first failure.
   * Returns early, with status {@code stopped}, once {@code stopping} says so: what was sent stays
   * in ARA and the next replay completes the run.
   *
   * @param stillRecording null to replay what the journal holds up to the run's last indexed event;
   *     otherwise follow the run as it is recorded, until its end, or until this says nobody records
   *     it any more (then it is closed as {@code expired}, like a killed run)
   */
  Outcome replay(Journal journal, BooleanSupplier stopping, BooleanSupplier stillRecording) {
    boolean ended = false;
    boolean abandoned = false;
    try (JournalReader reader = journal.reader()) {
      if (info.startAfter() >= 0 && !reader.seekAfter(info.startAfter())) {
        throw new IllegalStateException("journal entry " + info.startAfter() + " vanished while replaying run "
            + info.run() + "; was the journal truncated?");
      }
      RawEntry entry = reader.next();
      while (true) {
        if (stopping.getAsBoolean()) {
          return new Outcome(playbookId, "stopped", false, entries, results, resultsWithoutTaskStart,
              deadLetters.get());
        }
        if (entry == null) {
          if (stillRecording == null || ended) {
            break;
          }
          if (!stillRecording.getAsBoolean()) {
            entry = reader.next(); // what the recorder appended just before it went
            if (entry == null) {
              abandoned = true;
              break;
            }
            continue;
          }
          LockSupport.parkNanos(FOLLOW_POLL.toNanos());
          entry = reader.next();
          continue;
        }
        Envelope key = Envelope.peek(entry.data());
        if (key != null && key.run().equals(info.run())) {
          entries++;
          applyEntry(entry, key);
          ended |= key.endsRun();
        }
        if (stillRecording == null ? entry.index() >= info.lastIndex() : ended) {
          break;
        }
        entry = reader.next();
      }
    }
    if (playbookId >= 0 && status.equals("running")) {
      if (closeIfIncomplete || abandoned) {
        closeAbandoned();
      } else {
        reopen();
      }
    }
    awaitAll();
    return new Outcome(playbookId, status, ended, entries, results, resultsWithoutTaskStart, deadLetters.get());
  }

  /**
   * Decodes and applies one of the run's entries. An entry this replayer cannot decode (an event
   * type from a newer recorder, a damaged document) is a dead letter naming the entry: a newer
   * replayer may read it (--retry-dead-letters), and the rest of the run is delivered meanwhile.
   */
  private void applyEntry(RawEntry entry, Envelope key) {
    int invalid = entry.firstInvalidByte();
    if (invalid >= 0) {
      log.warn("journal entry {} (run {} event {}, {}) has bytes that are not UTF-8 from byte {} on: it was damaged"
          + " after it was recorded; replaying it with U+FFFD in their place", entry.index(), info.run(), key.seq(),
          key.type(), invalid);
    }
    Event event;
    try {
      event = codec.decode(entry.text());
    } catch (MalformedEventException e) {
      String reason = "journal entry " + entry.index() + " cannot be read: " + e.getMessage();
      log.warn("run {}: {}; kept as a dead letter (a newer ara-journal may read it: replay --retry-dead-letters)",
          info.run(), reason);
      deadLetter(key.seq(), key.type(), 0, reason);
      lastSeq = Math.max(lastSeq, key.seq());
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
    try {
      dispatch(event);
    } catch (DependsOnRefused e) {
      refuse(event, 0, e.getMessage(), e.seq);
    } catch (AraException e) {
      if (!refusal(e)) {
        throw e;
      }
      refuse(event, e.status(), e.getMessage(), event.seq());
    }
    progress.accept(1);
  }

  /**
   * An answer that says the server will never take this request as it is (a 4xx other than those
   * the transport retries or stops on): the event becomes a dead letter and the replay goes on.
   */
  private static boolean refusal(AraException e) {
    return e.problem() == AraException.Problem.HTTP && e.status() >= 400 && e.status() < 500;
  }

  /** Records {@code event} as a dead letter; what it would have created is refused too, for its dependents. */
  private void refuse(Event event, int httpStatus, String reason, long rootSeq) {
    Payload payload = event.payload();
    if (payload instanceof Payload.PlaybookStarted) {
      refusedPlaybookSeq = rootSeq;
    } else if (payload instanceof Payload.PlayStarted p) {
      refusedParents.put(p.uuid(), rootSeq);
    } else if (payload instanceof Payload.TaskStarted t) {
      refusedParents.put(t.uuid(), rootSeq);
      if (t.uuid().equals(openTask)) {
        openTask = null;
      }
    }
    deadLetter(event.seq(), event.type(), httpStatus, reason);
  }

  private void deadLetter(long seq, String type, int httpStatus, String reason) {
    deadLetters.incrementAndGet();
    if (httpStatus > 0) {
      log.warn("run {}: the server refused event {} ({}): {}; kept as a dead letter (`ara-journal status` lists"
          + " them, `replay --retry-dead-letters` tries them again)", info.run(), seq, type, reason);
    } else {
      log.debug("run {}: event {} ({}) {}; kept as a dead letter", info.run(), seq, type, reason);
    }
    sink.refused(new DeadLetter(info.run(), seq, type, httpStatus, reason, Instant.now()));
  }

  /** Fails with {@link DependsOnRefused} when the record {@code uuid} names was refused. */
  private void requireAccepted(String uuid) {
    Long seq = uuid == null ? null : refusedParents.get(uuid);
    if (seq != null) {
      throw new DependsOnRefused(seq);
    }
  }

  private void dispatch(Event event) {
    Payload payload = event.payload();
    if (refusedPlaybookSeq > 0) {
      throw new DependsOnRefused(refusedPlaybookSeq);
    }
    if (playbookId < 0 && !(payload instanceof Payload.PlaybookStarted)) {
      throw new IllegalStateException("run " + info.run() + ": its first event in the journal is '" + event.type()
          + "' (seq " + event.seq() + "), not playbook_started; without it there is no playbook to fill in ARA");
    }
    String time = Times.format(event.time());
    if (payload instanceof Payload.PlaybookStarted p) {
      playbookStarted(p, time);
    } else if (payload instanceof Payload.FileCaptured f) {
      file(f.path(), f.content());
    } else if (payload instanceof Payload.PlayStarted p) {
      playStarted(p, time);
    } else if (payload instanceof Payload.TaskStarted t) {
      requireAccepted(t.playUuid());
      taskStarted(t, time);
    } else if (payload instanceof Payload.HostStarted) {
      // Its time is already in the result's `started`: ara_default keeps it in memory only.
    } else if (payload instanceof Payload.ResultRecorded r) {
      requireAccepted(r.taskUuid());
      result(r, event.seq(), time);
    } else if (payload instanceof Payload.TaskFailed f) {
      requireAccepted(f.taskUuid());
      taskFailed(f);
    } else if (payload instanceof Payload.TaskEnded t) {
      requireAccepted(t.taskUuid());
      taskEnded(t.taskUuid(), "completed", time);
    } else if (payload instanceof Payload.PlayEnded p) {
      requireAccepted(p.playUuid());
      playEnded(p.playUuid(), "completed", time);
    } else if (payload instanceof Payload.HostStats s) {
      hostStats(s);
    } else if (payload instanceof Payload.PlaybookEnded e) {
      closePlaceholders(time);
      playbookEnded(e.status(), time);
    } else if (payload instanceof Payload.RecordWritten r) {
      requireAccepted(r.taskUuid());
      record(r);
    } else if (payload instanceof Payload.RunInterrupted i) {
      interrupted(time);
    }
  }

  // ------------------------------------------------------------------ playbook

  private void playbookStarted(Payload.PlaybookStarted p, String time) {
    if (playbookId >= 0) {
      log.warn("run {}: a second playbook_started event; ignored", info.run());
      return;
    }
    ObjectNode body = object();
    body.put("ansible_version", p.ansibleVersion());
    if (dialect.sendsClientDetails()) {
      body.put("client_version", p.clientVersion());
      body.put("python_version", p.pythonVersion());
    }
    body.set("arguments", p.arguments() == null ? object() : p.arguments());
    body.put("status", "running");
    body.put("path", p.path());
    if (p.controller() != null || dialect.sendsClientDetails()) {
      // 1.5 refuses a null controller; its callback always sends a host name.
      body.put("controller", p.controller());
    }
    if (dialect.sendsClientDetails()) {
      body.put("user", p.user());
    }
    body.put("started", time);
    // A replay killed after creating this run's playbook left it in ARA: complete it, not a copy of it.
    // One run at a time, so that two runs with the same path and start time never take one playbook.
    boolean resumed;
    JsonNode playbook;
    synchronized (sink.playbookLock()) {
      playbook = earlierPlaybook(p.path(), time);
      resumed = playbook != null;
      if (!resumed) {
        playbook = ara.create("/api/v1/playbooks", body, () -> findOwnPlaybook(p.path(), time));
      }
      playbookId = playbook.get("id").asLong();
      sink.playbookCreated(playbookId);
    }
    if (resumed) {
      existing = ExistingRecords.load(ara, playbookId, dialect);
      log.info("run {}: ARA already has playbook {} from an earlier replay ({}); sending only what it lacks",
          info.run(), playbookId, existing.summary());
    }
    statusFound = resumed ? playbook.path("status").asText(null) : null;
    playbookPath = p.path();
    playbookStarted = Times.parse(time);
    playbookName = playbook.path("name").isNull() ? null : playbook.path("name").asText(null);
    log.debug("run {} -> ARA playbook {}", info.run(), playbookId);
  }

  /**
   * The playbook an earlier replay made for this run: the one the state names, else one ARA holds
   * with this path and start time that the state does not give to another run (the state may have
   * missed the create, e.g. killed between the answer and the ledger write; copies of a run with
   * the same path and times, as benchmarks make, must not share one).
   */
  private JsonNode earlierPlaybook(String path, String time) {
    long known = sink.knownPlaybook();
    if (known >= 0) {
      try {
        JsonNode playbook = ara.get("/api/v1/playbooks/" + known);
        if (path.equals(playbook.path("path").asText())) {
          return playbook;
        }
      } catch (AraException e) {
        if (e.status() != 404) {
          throw e;
        }
        log.info("run {}: its playbook {} is gone from ARA; sending the run again", info.run(), known);
      }
    }
    return findOwnPlaybook(path, time).orElse(null);
  }

  private java.util.Optional<JsonNode> findOwnPlaybook(String path, String time) {
    return ExistingRecords.findPlaybooks(ara, path, time).stream()
        .filter(playbook -> !sink.belongsToAnotherRun(playbook.get("id").asLong())).findFirst();
  }

  private void playbookEnded(String endStatus, String time) {
    awaitAll();
    ara.patch("/api/v1/playbooks/" + playbookId, object().put("status", endStatus).put("ended", time));
    status = endStatus;
  }

  /**
   * A signal stopped Ansible. ARA 1.7.2+ marks the playbook {@code expired}; the task and play the
   * signal cut short (the callback leaves them open) are {@code expired} too, as {@code ara expire}
   * leaves what was still running.
   */
  private void interrupted(String time) {
    closePlaceholders(time);
    closeOpen("expired", time);
    playbookEnded("expired", time);
  }

  /**
   * The run has no end and nothing writes it any more (Ansible was killed): close what was open at
   * its last event as {@code expired}, the way {@code ara expire} treats abandoned runs.
   */
  private void closeAbandoned() {
    String time = Times.format(lastTime);
    log.info("run {} has no end in the journal; closing it as expired at its last event ({})", info.run(), time);
    closePlaceholders(time);
    closeOpen("expired", time);
    playbookEnded("expired", time);
  }

  /**
   * The run goes on past what the journal holds, but an earlier replay closed it as {@code expired}
   * (a copy of the journal made mid-run, closed on request or after {@code --abandon-after}): what
   * that closing ended and this replay did not end again is open once more, as ARA's callback
   * would show it now. Later events end it for good.
   */
  private void reopen() {
    if (statusFound == null || statusFound.equals("running")) {
      return;
    }
    awaitAll();
    log.info("run {}: has more events than when it was closed as {}; open again in ARA until its end arrives",
        info.run(), statusFound);
    ObjectNode open = object().put("status", "running").putNull("ended");
    if (openTask != null) {
      TaskState task = tasks.get(openTask);
      // a failed, not ignored result marks a running task failed at once on 1.6+ (see taskFailed)
      ObjectNode body = task.failed ? object().put("status", "failed").putNull("ended") : open;
      ara.patch("/api/v1/tasks/" + task.id, body);
    }
    for (String placeholder : openPlaceholders) {
      ara.patch("/api/v1/tasks/" + tasks.get(placeholder).id, open);
    }
    if (openPlay != null) {
      ara.patch("/api/v1/plays/" + plays.get(openPlay).id, open);
    }
    ara.patch("/api/v1/playbooks/" + playbookId, open);
  }

  private void closeOpen(String closeStatus, String time) {
    if (openTask != null) {
      taskEnded(openTask, closeStatus, time);
    }
    if (openPlay != null) {
      playEnded(openPlay, closeStatus, time);
    }
  }

  // ------------------------------------------------------------------ files, plays

  private CompletableFuture<Long> file(String path, String content) {
    CompletableFuture<Long> known = files.get(path);
    if (known != null) {
      return known;
    }
    CompletableFuture<Long> id = globalJob("file", () -> ara.post("/api/v1/files",
        object().put("playbook", playbookId).put("path", path).put("content", content)).get("id").asLong());
    files.put(path, id);
    return id;
  }

  private void playStarted(Payload.PlayStarted p, String time) {
    if (openPlay != null) {
      playEnded(openPlay, "completed", time);
    }
    if (p.playbookName() != null) {
      String name = CallbackDialect.truncate(p.playbookName());
      if (!name.equals(playbookName)) {
        JsonNode playbook = ara.patch("/api/v1/playbooks/" + playbookId, object().put("name", name));
        playbookName = playbook.path("name").asText(name);
      }
    }
    List<String> wanted = new ArrayList<>();
    for (String label : p.labels() == null ? List.<String>of() : p.labels()) {
      wanted.add(CallbackDialect.truncate(label));
    }
    // Each play start sets the playbook's labels to this play's list (ara_default compares sorted lists).
    if (!wanted.isEmpty() && !sorted(wanted).equals(sorted(labels))) {
      ObjectNode body = object();
      ArrayNode array = body.putArray("labels");
      wanted.forEach(array::add);
      JsonNode playbook = ara.patch("/api/v1/playbooks/" + playbookId, body);
      List<String> now = new ArrayList<>();
      playbook.path("labels").forEach(label -> now.add(label.path("name").asText()));
      labels = now;
    }
    ObjectNode body = object()
        .put("name", CallbackDialect.truncate(p.name()))
        .put("status", "running")
        .put("uuid", p.uuid())
        .put("playbook", playbookId)
        .put("started", time);
    JsonNode play = existing.play(p.uuid()).orElseGet(() ->
        ara.create("/api/v1/plays", body, () -> ExistingRecords.findPlay(ara, playbookId, p.uuid())));
    plays.put(p.uuid(), new PlayState(play.get("id").asLong()));
    openPlay = p.uuid();
  }

  private void playEnded(String uuid, String endStatus, String time) {
    PlayState play = plays.get(uuid);
    if (play == null || !play.open) {
      return;
    }
    if (openTask != null) {
      taskEnded(openTask, endStatus, time);
    }
    closePlaceholders(time);
    play.open = false;
    if (uuid.equals(openPlay)) {
      openPlay = null;
    }
    List<CompletableFuture<?>> taskEnds = List.copyOf(playTaskEnds);
    playTaskEnds.clear();
    after(taskEnds, "play end", () -> ara.patch("/api/v1/plays/" + play.id,
        object().put("status", endStatus).put("ended", time)));
  }

  // ------------------------------------------------------------------ tasks, results

  private void taskStarted(Payload.TaskStarted t, String time) {
    if (openTask != null) {
      taskEnded(openTask, "completed", time);
    }
    closePlaceholders(time);
    TaskState known = tasks.get(t.uuid());
    if (known != null && !known.placeholder) {
      // ara_default keeps one ARA task per Ansible task for the whole run (its task cache): a task
      // that starts again (a handler at a flush and at the play's end, a meta task once per host,
      // every host's turn in the free strategy) gathers its results on that task, and ends again.
      known.open = true;
      openTask = t.uuid();
      return;
    }
    PlayState play = plays.get(t.playUuid());
    if (play == null) {
      throw new IllegalStateException("run " + info.run() + ": task " + t.uuid() + " belongs to play " + t.playUuid()
          + ", which never started in the journal");
    }
    String path = t.path() != null ? t.path() : playbookPath;
    long fileId = join(file(path, UNREAD_FILE));
    TaskState task = createTask(t.uuid(), t.name(), t.action(), play.id, fileId, t.lineno(),
        t.tags(), t.handler(), time, false);
    tasks.put(t.uuid(), task);
    openTask = t.uuid();
  }

  private TaskState createTask(String uuid, String name, String action, long playId, long fileId, int lineno,
      List<String> tags, boolean handler, String time, boolean placeholder) {
    ObjectNode body = object().put("name", name);
    if (dialect.sendsTaskUuid()) {
      body.put("uuid", uuid);
    }
    body.put("status", "running").put("action", action).put("play", playId).put("playbook", playbookId)
        .put("file", fileId);
    ArrayNode tagArray = body.putArray("tags");
    (tags == null ? List.<String>of() : tags).forEach(tagArray::add);
    body.put("lineno", lineno).put("handler", handler).put("started", time);
    String sentUuid = dialect.sendsTaskUuid() ? uuid : null;
    JsonNode task = existing.task(sentUuid, playId, lineno, time).orElseGet(() -> ara.create("/api/v1/tasks", body,
        () -> existing.findTask(ara, playbookId, sentUuid, playId, lineno, time)));
    return new TaskState(task.get("id").asLong(), task.path("play").asLong(playId), action,
        task.path("started").asText(time), placeholder);
  }

  /**
   * What ARA's ara_record action does against the live API, in its order: get the playbook's
   * record of this key; create it, or update it when its value or type differs (the last write
   * wins). ARA keeps one record per playbook and key.
   */
  private void record(Payload.RecordWritten r) {
    JsonNode value = r.value() == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : r.value();
    java.util.Optional<JsonNode> found = findRecord(r.key());
    JsonNode record;
    if (found.isEmpty()) {
      ObjectNode body = object().put("playbook", playbookId).put("key", r.key());
      body.set("value", value);
      body.put("type", r.recordType());
      record = ara.create("/api/v1/records", body, () -> findRecord(r.key()));
    } else {
      JsonNode old = ara.get("/api/v1/records/" + found.get().get("id").asLong());
      if (!old.path("value").equals(value) || !r.recordType().equals(old.path("type").asText())) {
        ObjectNode body = object().put("key", r.key());
        body.set("value", value);
        body.put("type", r.recordType());
        record = ara.patch("/api/v1/records/" + old.get("id").asLong(), body);
      } else {
        record = old;
      }
    }
    recordsAwaitingResult.computeIfAbsent(r.taskUuid() + "|" + r.host(), k -> new java.util.ArrayDeque<>())
        .add(record);
  }

  private java.util.Optional<JsonNode> findRecord(String key) {
    return ara.list("/api/v1/records?playbook=" + playbookId + "&key=" + ExistingRecords.encode(key)).stream()
        .filter(record -> key.equals(record.path("key").asText())).findFirst();
  }

  /**
   * ARA's ara_record returns the record as the server stored it (its playbook's id and times);
   * recorded offline, the result could not know them: they are filled in from the server's answer,
   * item by item for a loop.
   */
  private JsonNode withServerRecords(JsonNode content, java.util.Deque<JsonNode> records) {
    if (!(content instanceof ObjectNode object)) {
      return content;
    }
    ObjectNode copy = object.deepCopy();
    if (copy.path("results").isArray()) {
      for (JsonNode item : copy.path("results")) {
        if (item instanceof ObjectNode itemObject && itemObject.has("key") && !records.isEmpty()) {
          fillRecord(itemObject, records.poll());
        }
      }
    } else if (copy.has("key") && !records.isEmpty()) {
      fillRecord(copy, records.poll());
    }
    return copy;
  }

  private void fillRecord(ObjectNode result, JsonNode record) {
    result.put("playbook_id", playbookId);
    result.set("created", record.path("created"));
    result.set("updated", record.path("updated"));
  }

  private void result(Payload.ResultRecorded recorded, long seq, String time) {
    java.util.Deque<JsonNode> records = recordsAwaitingResult.remove(recorded.taskUuid() + "|" + recorded.host());
    Payload.ResultRecorded r = records == null ? recorded : new Payload.ResultRecorded(recorded.host(),
        recorded.taskUuid(), recorded.status(), recorded.delegatedTo(), withServerRecords(recorded.content(), records),
        recorded.changed(), recorded.ignoreErrors(), recorded.started());
    TaskState task = tasks.get(r.taskUuid());
    if (task == null) {
      task = placeholderTask(r, time);
    }
    TaskState owner = task;
    String started = r.started() != null ? Times.format(r.started()) : owner.started;
    results++;
    owner.results.add(taskPool.submit(() -> {
      try {
        sendResult(r, owner, started, time);
      } catch (AraException e) {
        if (!refusal(e)) {
          throw e;
        }
        deadLetter(seq, "result", e.status(), e.getMessage());
      }
      return null;
    }));
  }

  private void sendResult(Payload.ResultRecorded r, TaskState owner, String started, String time) {
    long host = host(r.host());
    ArrayNode delegated = ara.mapper().createArrayNode();
    for (String name : r.delegatedTo() == null ? List.<String>of() : r.delegatedTo()) {
      delegated.add(host(name));
    }
    if (existing.claimResult(owner.id, host, started, time)) {
      if (!delegated.isEmpty()) {
        // set after the row (see AraClient#create): a crash may have come in between
        ObjectNode patch = object();
        patch.set("delegated_to", delegated);
        ara.patch("/api/v1/results/" + ExistingRecords.findResult(ara, playbookId, owner.id, host, started, time)
            .orElseThrow().get("id").asLong(), patch);
      }
    } else {
      ObjectNode body = object().put("playbook", playbookId).put("task", owner.id).put("host", host);
      body.set("delegated_to", delegated);
      body.put("play", owner.playId);
      body.set("content", r.content() == null ? object() : r.content());
      body.put("status", r.status()).put("started", started).put("ended", time)
          .put("changed", r.changed()).put("ignore_errors", r.ignoreErrors());
      ara.create("/api/v1/results", body,
          () -> ExistingRecords.findResult(ara, playbookId, owner.id, host, started, time));
    }
    if (dialect.sendsTaskDiagnostics()) {
      owner.noteDiagnostics(r.content());
    }
    JsonNode facts = r.content() == null ? null : r.content().get("ansible_facts");
    if (facts != null && dialect.savesFactsOf(owner.action)) {
      ObjectNode patch = object();
      patch.set("facts", facts);
      ara.patch("/api/v1/hosts/" + host, patch);
    }
  }

  /**
   * A result whose task Ansible never announced (2.14 runs some {@code listen} handlers without a
   * task-start hook). ara_default drops such results; we keep them under a task made from what the
   * journal knows, so ARA has every result Ansible reported.
   */
  private TaskState placeholderTask(Payload.ResultRecorded r, String time) {
    if (openPlay == null) {
      throw new IllegalStateException("run " + info.run() + ": a result of unknown task " + r.taskUuid()
          + " outside any play");
    }
    resultsWithoutTaskStart++;
    log.info("run {}: task {} has results but Ansible did not announce it; recording them under a task named"
        + " after its uuid", info.run(), r.taskUuid());
    long fileId = join(file(playbookPath, UNREAD_FILE));
    String started = r.started() != null ? Times.format(r.started()) : time;
    TaskState task = createTask(r.taskUuid(), "(task not announced by Ansible: " + r.taskUuid() + ")", "unknown",
        plays.get(openPlay).id, fileId, 1, List.of(), false, started, true);
    tasks.put(r.taskUuid(), task);
    openPlaceholders.add(r.taskUuid());
    return task;
  }

  private void closePlaceholders(String time) {
    if (openPlaceholders.isEmpty()) {
      return;
    }
    List<String> closing = new ArrayList<>(openPlaceholders);
    openPlaceholders.clear();
    for (String uuid : closing) {
      taskEnded(uuid, "completed", time);
    }
  }

  private void taskFailed(Payload.TaskFailed f) {
    TaskState task = tasks.get(f.taskUuid());
    if (task == null || !dialect.marksFailedTasks()) {
      return; // 1.5 has no failed status for tasks
    }
    if (!task.failed) {
      task.failed = true;
      ara.patch("/api/v1/tasks/" + task.id, object().put("status", "failed"));
    }
  }

  private void taskEnded(String uuid, String endStatus, String time) {
    TaskState task = tasks.get(uuid);
    if (task == null || !task.open) {
      return;
    }
    task.open = false;
    if (uuid.equals(openTask)) {
      openTask = null;
    }
    // ara_default waits for the task's results before it starts the next task; the replay need
    // not: the task's end waits for its results, and the next task starts at once (pipelining).
    List<CompletableFuture<?>> before = new ArrayList<>(task.results);
    task.results.clear();
    if (task.lastEnd != null) {
      before.add(task.lastEnd);
    }
    String finalStatus = endStatus.equals("completed") && task.failed ? "failed" : endStatus;
    CompletableFuture<Void> end = after(before, "task end", () -> {
      ObjectNode body = object().put("status", finalStatus).put("ended", time);
      if (dialect.sendsTaskDiagnostics()) {
        synchronized (task) {
          body.set("deprecations", uniqueDeprecations(task.deprecations));
          ArrayNode exceptions = body.putArray("exceptions");
          task.exceptions.forEach(exceptions::add);
          ArrayNode warnings = body.putArray("warnings");
          task.warnings.forEach(warnings::add);
        }
      }
      ara.patch("/api/v1/tasks/" + task.id, body);
    });
    task.lastEnd = end;
    playTaskEnds.add(end);
  }

  /** Deprecations unique by (collection_name, msg, version), first kept, as ARA dedupes them. */
  private ArrayNode uniqueDeprecations(JsonNode deprecations) {
    ArrayNode unique = ara.mapper().createArrayNode();
    java.util.Set<List<String>> seen = new java.util.HashSet<>();
    if (deprecations != null) {
      for (JsonNode dep : deprecations) {
        List<String> key = java.util.Arrays.asList(dep.path("collection_name").asText(null), dep.path("msg").asText(null),
            dep.path("version").asText(null));
        if (seen.add(key)) {
          unique.add(dep);
        }
      }
    }
    return unique;
  }

  // ------------------------------------------------------------------ hosts

  private long host(String name) {
    String truncated = CallbackDialect.truncate(name);
    CompletableFuture<Long> mine = new CompletableFuture<>();
    CompletableFuture<Long> known = hosts.putIfAbsent(truncated, mine);
    if (known != null) {
      return join(known);
    }
    try {
      mine.complete(latestHosts.create(truncated, playbookId, playbookStarted));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    }
    return mine.join();
  }

  private void hostStats(Payload.HostStats s) {
    if (!statsStarted) {
      awaitAll(); // stats come after everything else of the run
      statsStarted = true;
    }
    long host = host(s.host());
    globalJob("host stats", () -> ara.patch("/api/v1/hosts/" + host, object()
        .put("changed", s.changed()).put("unreachable", s.unreachable()).put("failed", s.failed())
        .put("ok", s.ok()).put("skipped", s.skipped())));
  }

  // ------------------------------------------------------------------ plumbing

  /**
   * Runs {@code job} for the current event on the global pool; a refusal becomes that event's dead
   * letter, and the future fails with {@link DependsOnRefused} for whatever waits on it.
   */
  private <T> CompletableFuture<T> globalJob(String what, java.util.function.Supplier<T> job) {
    long seq = lastSeq;
    CompletableFuture<T> submitted = globalPool.submit(() -> {
      try {
        return job.get();
      } catch (AraException e) {
        if (!refusal(e)) {
          throw e;
        }
        deadLetter(seq, what, e.status(), e.getMessage());
        throw new DependsOnRefused(seq);
      }
    });
    remember(submitted);
    return submitted;
  }

  /** Keeps {@code future} for {@link #awaitAll}, dropping completed ones now and then. */
  private void remember(CompletableFuture<?> future) {
    global.add(future);
    if (global.size() >= PRUNE_AT) {
      global.removeIf(f -> f.isDone() && (!f.isCompletedExceptionally() || failedWith(f, DependsOnRefused.class)));
    }
  }

  /**
   * Runs {@code job} for the current event once {@code before} are done, in the thread that
   * finishes the last of them (a result worker, or this thread when all are done already): no
   * worker blocks waiting. A refusal becomes the event's dead letter, as in {@link #globalJob}.
   */
  private CompletableFuture<Void> after(List<CompletableFuture<?>> before, String what, Runnable job) {
    long seq = lastSeq;
    CompletableFuture<Void> future = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new)).thenRun(() -> {
      try {
        job.run();
      } catch (AraException e) {
        if (!refusal(e)) {
          throw e;
        }
        deadLetter(seq, what, e.status(), e.getMessage());
        throw new DependsOnRefused(seq);
      }
    });
    remember(future);
    return future;
  }

  private void awaitAll() {
    for (TaskState task : tasks.values()) {
      joinAll(task.results);
    }
    for (CompletableFuture<?> job : global) {
      try {
        join(job);
      } catch (DependsOnRefused alreadyDeadLettered) {
        // its refusal is a dead letter already
      }
    }
    global.clear();
  }

  private static void joinAll(Collection<CompletableFuture<?>> futures) {
    for (CompletableFuture<?> future : futures) {
      join(future);
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ARA server", e);
    }
  }

  private static boolean failedWith(CompletableFuture<?> future, Class<? extends Throwable> type) {
    try {
      future.join();
      return false;
    } catch (CompletionException e) {
      return type.isInstance(e.getCause());
    }
  }

  private ObjectNode object() {
    return ara.mapper().createObjectNode();
  }

  private static List<String> sorted(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    copy.sort(null);
    return copy;
  }
}
