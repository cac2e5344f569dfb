package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arajournal.ara.AraException;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;

/**
 * Sends the run's results ({@code /api/v1/results}) on the task pool, as ara_default does with
 * callback threads, with the host's facts where ARA saves them; a refused result is a dead letter.
 */
final class ResultWriter {
  private final RunTarget target;
  private final BoundedPool taskPool;
  private final Refusals refusals;
  private final TaskWriter tasks;
  private final HostWriter hosts;
  private final RecordWriter records;
  private long results;

  ResultWriter(RunTarget target, BoundedPool taskPool, Refusals refusals, TaskWriter tasks, HostWriter hosts,
      RecordWriter records) {
    this.target = target;
    this.taskPool = taskPool;
    this.refusals = refusals;
    this.tasks = tasks;
    this.hosts = hosts;
    this.records = records;
  }

  /** Queues result event {@code seq}, recorded at {@code time}, on its task. */
  void result(Payload.ResultRecorded recorded, long seq, String time) {
    Payload.ResultRecorded r = records.withServerRecords(recorded);
    TaskState task = tasks.get(r.taskUuid());
    if (task == null) {
      task = tasks.placeholder(r, time);
    }
    TaskState owner = task;
    String started = r.started() != null ? Times.format(r.started()) : owner.started;
    results++;
    owner.results.add(taskPool.submit(() -> {
      try {
        send(r, owner, started, time);
      } catch (AraException e) {
        if (!Refusals.isRefusal(e)) {
          throw e;
        }
        refusals.deadLetter(seq, "result", e.status(), e.getMessage());
      }
      return null;
    }));
  }

  /** Results queued so far. */
  long count() {
    return results;
  }

  private void send(Payload.ResultRecorded r, TaskState owner, String started, String time) {
    long host = hosts.idOf(r.host());
    ArrayNode delegated = target.ara().mapper().createArrayNode();
    for (String name : r.delegatedTo() == null ? List.<String>of() : r.delegatedTo()) {
      delegated.add(hosts.idOf(name));
    }
    if (target.existing().claimResult(owner.id, host, started, time)) {
      if (!delegated.isEmpty()) {
        // set after the row (see AraClient#create): a crash may have come in between
        ObjectNode patch = target.object();
        patch.set("delegated_to", delegated);
        target.ara().patch("/api/v1/results/" + ExistingRecords.findResult(target.ara(), target.playbookId(),
            owner.id, host, started, time).orElseThrow().get("id").asLong(), patch);
      }
    } else {
      ObjectNode body = target.object().put("playbook", target.playbookId()).put("task", owner.id).put("host", host);
      body.set("delegated_to", delegated);
      body.put("play", owner.playId);
      body.set("content", r.content() == null ? target.object() : r.content());
      body.put("status", r.status()).put("started", started).put("ended", time)
          .put("changed", r.changed()).put("ignore_errors", r.ignoreErrors());
      target.ara().create("/api/v1/results", body,
          () -> ExistingRecords.findResult(target.ara(), target.playbookId(), owner.id, host, started, time));
    }
    if (target.dialect().sendsTaskDiagnostics()) {
      owner.noteDiagnostics(r.content());
    }
    JsonNode facts = r.content() == null ? null : r.content().get("ansible_facts");
    if (facts != null && target.dialect().savesFactsOf(owner.action)) {
      ObjectNode patch = target.object();
      patch.set("facts", facts);
      target.ara().patch("/api/v1/hosts/" + host, patch);
    }
  }
}
