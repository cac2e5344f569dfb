package org.arajournal.it.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.UUID;

/** Masks the {@link VolatileValue}s in what ARA stores, and nothing else. */
public final class Normaliser {
  private static final List<String> COMMAND_TIMING_KEYS = List.of("start", "end", "delta");
  private static final List<String> RECORD_STORAGE_KEYS = List.of("playbook_id", "created", "updated");

  /** A copy of a result's {@code content} with command timings and date/time facts masked. */
  public JsonNode resultContent(JsonNode content) {
    JsonNode copy = content.deepCopy();
    maskContent(copy);
    return copy;
  }

  /** A copy of a host's {@code facts} with the date/time facts masked. */
  public JsonNode facts(JsonNode facts) {
    JsonNode copy = facts.deepCopy();
    maskDateTime(copy);
    return copy;
  }

  /** A run's random uuid becomes a placeholder; anything that is not a uuid is kept, to show up in a diff. */
  public JsonNode uuid(JsonNode value) {
    if (value.isTextual()) {
      try {
        UUID.fromString(value.asText());
        return TextNode.valueOf(VolatileValue.RUN_UUID.placeholder());
      } catch (IllegalArgumentException notAUuid) {
        return value;
      }
    }
    return value;
  }

  /** A task's tags in sorted order: Ansible's own order comes from a set and changes from run to run. */
  public JsonNode tags(JsonNode tags) {
    if (!tags.isArray()) {
      return tags;
    }
    ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
    java.util.stream.StreamSupport.stream(tags.spliterator(), false)
        .sorted(java.util.Comparator.comparing(JsonNode::toString)).forEach(sorted::add);
    return sorted;
  }

  private void maskContent(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("cmd")) {
        for (String key : COMMAND_TIMING_KEYS) {
          if (object.has(key) && !object.get(key).isNull()) {
            object.put(key, VolatileValue.COMMAND_TIMING.placeholder());
          }
        }
      }
      if (object.has("key") && object.has("value") && object.has("type")) {
        for (String key : RECORD_STORAGE_KEYS) {
          if (object.has(key) && !object.get(key).isNull()) {
            object.put(key, VolatileValue.RECORD_STORAGE.placeholder());
          }
        }
      }
      if (object.get("ansible_facts") instanceof ObjectNode facts) {
        maskDateTime(facts);
      }
      object.forEach(this::maskContent);
    } else if (node instanceof ArrayNode array) {
      array.forEach(this::maskContent);
    }
  }

  private static void maskDateTime(JsonNode facts) {
    if (facts instanceof ObjectNode object && object.has("ansible_date_time")) {
      object.put("ansible_date_time", VolatileValue.FACTS_DATE_TIME.placeholder());
    }
  }
}
