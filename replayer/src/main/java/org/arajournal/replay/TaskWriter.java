package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the run's tasks ({@code /api/v1/tasks}), marks them failed, and ends each after its
 * results: ara_default waits for a task's results before it starts the next task; the replay need
 * not, so the next task starts at once (pipelining) while the previous one's end waits.
 */
final class TaskWriter {
  private static final Logger log = LoggerFactory.getLogger(TaskWriter.class);

  private final RunTarget target;
  private final PendingJobs jobs;
  private final PlaybookFileWriter files;
  private final PlayWriter plays;
  private final Map<String, TaskState> tasks = new HashMap<>();
  /** Ends of the current play's tasks: the play's end waits for them. */
  private final List<CompletableFuture<?>> playTaskEnds = new ArrayList<>();
  private final List<String> openPlaceholders = new ArrayList<>();
  private String openTask;
  private long placeholders;

  TaskWriter(RunTarget target, PendingJobs jobs, PlaybookFileWriter files, PlayWriter plays) {
    this.target = target;
    this.jobs = jobs;
    this.files = files;
    this.plays = plays;
  }

  void start(Payload.TaskStarted t, String time) {
    endOpen(AraStatus.COMPLETED, time);
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
    long playId = plays.idOf(t.playUuid());
    if (playId < 0) {
      throw new IllegalStateException("run " + target.run() + ": task " + t.uuid() + " belongs to play "
          + t.playUuid() + ", which never started in the journal");
    }
    long fileId = files.idOf(t.path() != null ? t.path() : target.path());
    tasks.put(t.uuid(), create(t.uuid(), t.name(), t.action(), playId, fileId, t.lineno(), t.tags(), t.handler(),
        time, false));
    openTask = t.uuid();
  }

  /** The task {@code uuid} names, or null when it never started. */
  TaskState get(String uuid) {
    return tasks.get(uuid);
  }

  /**
   * A task for a result whose task Ansible never announced (2.14 runs some {@code listen} handlers
   * without a task-start hook). ara_default drops such results; we keep them under a task made from
   * what the journal knows, so ARA has every result Ansible reported.
   */
  TaskState placeholder(Payload.ResultRecorded r, String time) {
    String openPlay = plays.openPlay();
    if (openPlay == null) {
      throw new IllegalStateException("run " + target.run() + ": a result of unknown task " + r.taskUuid()
          + " outside any play");
    }
    placeholders++;
    log.info("run {}: task {} has results but Ansible did not announce it; recording them under a task named"
        + " after its uuid", target.run(), r.taskUuid());
    long fileId = files.idOf(target.path());
    String started = r.started() != null ? Times.format(r.started()) : time;
    TaskState task = create(r.taskUuid(), "(task not announced by Ansible: " + r.taskUuid() + ")", "unknown",
        plays.idOf(openPlay), fileId, 1, List.of(), false, started, true);
    tasks.put(r.taskUuid(), task);
    openPlaceholders.add(r.taskUuid());
    return task;
  }

  /** Results recorded under a task Ansible did not announce. */
  long placeholders() {
    return placeholders;
  }

  private TaskState create(String uuid, String name, String action, long playId, long fileId, int lineno,
      List<String> tags, boolean handler, String time, boolean placeholder) {
    ObjectNode body = target.object().put("name", name);
    if (target.dialect().sendsTaskUuid()) {
      body.put("uuid", uuid);
    }
    body.put("status", AraStatus.RUNNING.wireName()).put("action", action).put("play", playId)
        .put("playbook", target.playbookId()).put("file", fileId);
    ArrayNode tagArray = body.putArray("tags");
    (tags == null ? List.<String>of() : tags).forEach(tagArray::add);
    body.put("lineno", lineno).put("handler", handler).put("started", time);
    String sentUuid = target.dialect().sendsTaskUuid() ? uuid : null;
    JsonNode task = target.existing().task(sentUuid, playId, lineno, time).orElseGet(() -> target.ara().create(
        "/api/v1/tasks", body,
        () -> target.existing().findTask(target.ara(), target.playbookId(), sentUuid, playId, lineno, time)));
    return new TaskState(task.get("id").asLong(), task.path("play").asLong(playId), action,
        task.path("started").asText(time), placeholder);
  }

  /** Marks task {@code uuid} failed at once, as ARA 1.6+ does for a failed result that is not ignored. */
  void failed(String uuid) {
    TaskState task = tasks.get(uuid);
    if (task == null || !target.dialect().marksFailedTasks()) {
      return; // 1.5 has no failed status for tasks
    }
    if (!task.failed) {
      task.failed = true;
      target.ara().patch("/api/v1/tasks/" + task.id, target.object().put("status", AraStatus.FAILED.wireName()));
    }
  }

  /** Ends task {@code uuid} once its results are in: {@code failed} instead of completed if a result failed it. */
  void end(String uuid, AraStatus status, String time) {
    TaskState task = tasks.get(uuid);
    if (task == null || !task.open) {
      return;
    }
    task.open = false;
    if (uuid.equals(openTask)) {
      openTask = null;
    }
    List<CompletableFuture<?>> before = new ArrayList<>(task.results);
    task.results.clear();
    if (task.lastEnd != null) {
      before.add(task.lastEnd);
    }
    AraStatus finalStatus = status == AraStatus.COMPLETED && task.failed ? AraStatus.FAILED : status;
    CompletableFuture<Void> end = jobs.after(before, "task end", () -> {
      ObjectNode body = target.object().put("status", finalStatus.wireName()).put("ended", time);
      if (target.dialect().sendsTaskDiagnostics()) {
        task.putDiagnostics(body, target.ara().mapper().createArrayNode());
      }
      target.ara().patch("/api/v1/tasks/" + task.id, body);
    });
    task.lastEnd = end;
    playTaskEnds.add(end);
  }

  /** Ends the task started and not ended, if any. */
  void endOpen(AraStatus status, String time) {
    if (openTask != null) {
      end(openTask, status, time);
    }
  }

  /** Ends the tasks made for unannounced results: the next task, play or end of the run closes them. */
  void closePlaceholders(String time) {
    if (openPlaceholders.isEmpty()) {
      return;
    }
    List<String> closing = new ArrayList<>(openPlaceholders);
    openPlaceholders.clear();
    for (String uuid : closing) {
      end(uuid, AraStatus.COMPLETED, time);
    }
  }

  /** The ends of the current play's tasks, for the play's end to wait on; the next play starts a new list. */
  List<CompletableFuture<?>> takePlayTaskEnds() {
    List<CompletableFuture<?>> ends = List.copyOf(playTaskEnds);
    playTaskEnds.clear();
    return ends;
  }

  /** The server refused to create task {@code uuid}: it is not open. */
  void refused(String uuid) {
    if (uuid.equals(openTask)) {
      openTask = null;
    }
  }

  /** Waits for every result sent so far. */
  void awaitResults() {
    for (TaskState task : tasks.values()) {
      PendingJobs.joinAll(task.results);
    }
  }

  /** Shows the open task and placeholders as running again in ARA (see {@link RunReplay}'s reopening). */
  void reopen(ObjectNode open) {
    if (openTask != null) {
      TaskState task = tasks.get(openTask);
      // a failed, not ignored result marks a running task failed at once on 1.6+ (see failed)
      ObjectNode body = task.failed
          ? target.object().put("status", AraStatus.FAILED.wireName()).putNull("ended") : open;
      target.ara().patch("/api/v1/tasks/" + task.id, body);
    }
    for (String placeholder : openPlaceholders) {
      target.ara().patch("/api/v1/tasks/" + tasks.get(placeholder).id, open);
    }
  }
}
