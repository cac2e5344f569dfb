package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.arajournal.event.Payload;

/**
 * Writes the run's ara_record records ({@code /api/v1/records}) and fills what the server answered
 * into the result of the task that wrote them.
 */
final class RecordWriter {
  private final RunTarget target;
  /** Records written by a host's task whose result is still to come: it shows what ARA answered. */
  private final Map<String, Deque<JsonNode>> awaitingResult = new HashMap<>();

  RecordWriter(RunTarget target) {
    this.target = target;
  }

  /**
   * What ARA's ara_record action does against the live API, in its order: get the playbook's
   * record of this key; create it, or update it when its value or type differs (the last write
   * wins). ARA keeps one record per playbook and key.
   */
  void write(Payload.RecordWritten r) {
    JsonNode value = r.value() == null ? NullNode.getInstance() : r.value();
    Optional<JsonNode> found = find(r.key());
    JsonNode record;
    if (found.isEmpty()) {
      ObjectNode body = target.object().put("playbook", target.playbookId()).put("key", r.key());
      body.set("value", value);
      body.put("type", r.recordType());
      record = target.ara().create("/api/v1/records", body, () -> find(r.key()));
    } else {
      JsonNode old = target.ara().get("/api/v1/records/" + found.get().get("id").asLong());
      if (!old.path("value").equals(value) || !r.recordType().equals(old.path("type").asText())) {
        ObjectNode body = target.object().put("key", r.key());
        body.set("value", value);
        body.put("type", r.recordType());
        record = target.ara().patch("/api/v1/records/" + old.get("id").asLong(), body);
      } else {
        record = old;
      }
    }
    awaitingResult.computeIfAbsent(r.taskUuid() + "|" + r.host(), k -> new ArrayDeque<>()).add(record);
  }

  private Optional<JsonNode> find(String key) {
    return target.ara().list("/api/v1/records?playbook=" + target.playbookId() + "&key="
        + ExistingRecords.encode(key)).stream().filter(record -> key.equals(record.path("key").asText())).findFirst();
  }

  /**
   * {@code recorded} as ARA's ara_record returns it: with the record as the server stored it (its
   * playbook's id and times), which a result recorded offline could not know; item by item for a loop.
   */
  Payload.ResultRecorded withServerRecords(Payload.ResultRecorded recorded) {
    Deque<JsonNode> records = awaitingResult.remove(recorded.taskUuid() + "|" + recorded.host());
    if (records == null) {
      return recorded;
    }
    return new Payload.ResultRecorded(recorded.host(), recorded.taskUuid(), recorded.status(),
        recorded.delegatedTo(), filled(recorded.content(), records), recorded.changed(), recorded.ignoreErrors(),
        recorded.started());
  }

  private JsonNode filled(JsonNode content, Deque<JsonNode> records) {
    if (!(content instanceof ObjectNode object)) {
      return content;
    }
    ObjectNode copy = object.deepCopy();
    if (copy.path("results").isArray()) {
      for (JsonNode item : copy.path("results")) {
        if (item instanceof ObjectNode itemObject && itemObject.has("key") && !records.isEmpty()) {
          fill(itemObject, records.poll());
        }
      }
    } else if (copy.has("key") && !records.isEmpty()) {
      fill(copy, records.poll());
    }
    return copy;
  }

  private void fill(ObjectNode result, JsonNode record) {
    result.put("playbook_id", target.playbookId());
    result.set("created", record.path("created"));
    result.set("updated", record.path("updated"));
  }
}
