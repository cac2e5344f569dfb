package org.arajournal.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes events as the flat JSON documents stored in the journal: the envelope fields
 * ({@code schema, type, run, seq, time}) next to the payload's own snake_case fields.
 */
public final class EventCodec {
  private static final Map<String, Class<? extends Payload>> TYPES =
      Map.ofEntries(
          Map.entry("playbook_started", Payload.PlaybookStarted.class),
          Map.entry("play_started", Payload.PlayStarted.class),
          Map.entry("file", Payload.FileCaptured.class),
          Map.entry("task_started", Payload.TaskStarted.class),
          Map.entry("host_started", Payload.HostStarted.class),
          Map.entry("result", Payload.ResultRecorded.class),
          Map.entry("task_failed", Payload.TaskFailed.class),
          Map.entry("task_ended", Payload.TaskEnded.class),
          Map.entry("play_ended", Payload.PlayEnded.class),
          Map.entry("host_stats", Payload.HostStats.class),
          Map.entry("playbook_ended", Payload.PlaybookEnded.class),
          Map.entry("record", Payload.RecordWritten.class),
          Map.entry("interrupted", Payload.RunInterrupted.class));

  private final ObjectMapper mapper;

  public EventCodec() {
    this.mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Newer recorders may add fields; older replayers must still read their journals.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
  }

  /** The mapper configured for journal documents, for callers that need plain JSON trees. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Decodes one journal document.
   *
   * @throws MalformedEventException naming what is wrong with {@code json}
   */
  public Event decode(String json) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage());
    }
    return decode(node);
  }

  /** Decodes one already parsed journal document. */
  public Event decode(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new MalformedEventException("an event must be a JSON object");
    }
    int schema = requiredInt(node, "schema");
    if (schema > Event.SCHEMA) {
      throw new MalformedEventException(
          "schema " + schema + " was written by a newer ara-journal (this one reads up to "
              + Event.SCHEMA + "); upgrade ara-journal to read it");
    }
    String type = requiredText(node, "type");
    Class<? extends Payload> payloadClass = TYPES.get(type);
    if (payloadClass == null) {
      throw new MalformedEventException("unknown event type '" + type + "'; known: " + TYPES.keySet());
    }
    UUID run;
    try {
      run = UUID.fromString(requiredText(node, "run"));
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException("run is not a UUID: " + node.get("run"));
    }
    long seq = requiredLong(node, "seq");
    Instant time = Times.parse(requiredText(node, "time"));
    Payload payload;
    try {
      payload = mapper.treeToValue(node, payloadClass);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedEventException("bad '" + type + "' fields: " + e.getMessage());
    }
    try {
      return new Event(schema, run, seq, time, payload);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedEventException(e.getMessage());
    }
  }

  /** Encodes an event as the flat document the callback writes. */
  public String encode(Event event) {
    ObjectNode node = mapper.createObjectNode();
    node.put("schema", event.schema());
    node.put("type", event.type());
    node.put("run", event.run().toString());
    node.put("seq", event.seq());
    node.put("time", Times.format(event.time()));
    node.setAll((ObjectNode) mapper.valueToTree(event.payload()));
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + event.type() + " event", e);
    }
  }

  /** Whether {@code type} is an event type this version reads. */
  static boolean knows(String type) {
    return TYPES.containsKey(type);
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedEventException("missing text field '" + field + "'");
    }
    return value.asText();
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new MalformedEventException("missing integer field '" + field + "'");
    }
    return value.asInt();
  }

  private static long requiredLong(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw new MalformedEventException("missing integer field '" + field + "'");
    }
    return value.asLong();
  }
}
