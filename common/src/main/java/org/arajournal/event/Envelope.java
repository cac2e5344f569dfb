package org.arajournal.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * What the recorder checks of each frame before it appends it: one well-formed JSON object whose
 * envelope ({@code schema, type, run, seq, time}) is valid, read with a streaming parser.
 *
 * <p>The payload's own fields are checked when the event is decoded ({@link EventCodec#decode}),
 * at replay. Building the whole event here cost the recorder about 1.5 ms of CPU per event as
 * events trickle in while Ansible runs, this check about 0.8 ms (docs/benchmarks.md). A frame that
 * is cut short, not JSON, or has no valid envelope is still refused here and quarantined.
 */
public record Envelope(int schema, String type, UUID run, long seq, Instant time) {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads and checks the envelope of {@code document} and that the whole of it is one JSON object.
   *
   * @throws MalformedEventException saying what is wrong with it
   */
  public static Envelope read(byte[] document) {
    Integer schema = null;
    String type = null;
    String run = null;
    Long seq = null;
    String time = null;
    try (JsonParser parser = JSON.createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedEventException("an event must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "schema" -> schema = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
          case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "run" -> run = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
          case "time" -> time = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new MalformedEventException("more than one JSON value in one event");
      }
    } catch (JsonParseException e) {
      throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedEventException("not valid JSON: " + e.getMessage());
    }
    if (schema == null) {
      throw new MalformedEventException("missing integer field 'schema'");
    }
    if (schema > Event.SCHEMA) {
      throw new MalformedEventException("schema " + schema + " was written by a newer ara-journal (this one reads"
          + " up to " + Event.SCHEMA + "); upgrade ara-journal to read it");
    }
    if (type == null) {
      throw new MalformedEventException("missing text field 'type'");
    }
    if (!EventCodec.knows(type)) {
      throw new MalformedEventException("unknown event type '" + type + "'");
    }
    if (run == null) {
      throw new MalformedEventException("missing text field 'run'");
    }
    UUID runId;
    try {
      runId = UUID.fromString(run);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException("run is not a UUID: \"" + run + "\"");
    }
    if (seq == null) {
      throw new MalformedEventException("missing integer field 'seq'");
    }
    if (time == null) {
      throw new MalformedEventException("missing text field 'time'");
    }
    return new Envelope(schema, type, runId, seq, Times.parse(time));
  }
}
