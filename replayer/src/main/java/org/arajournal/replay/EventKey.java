package org.arajournal.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.arajournal.event.MalformedEventException;
import org.arajournal.event.Times;

/**
 * The envelope of a journal document, read without decoding its payload: enough to index runs
 * and to skip other runs' events cheaply (a result can be megabytes of facts).
 */
record EventKey(String type, UUID run, long seq, Instant time) {
  private static final JsonFactory JSON = new JsonFactory();

  /** The envelope of {@code document}, or null when it is not an event (e.g. a quarantine entry). */
  static EventKey peek(byte[] document) {
    String type = null;
    String run = null;
    long seq = -1;
    String time = null;
    try (JsonParser parser = JSON.createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "run" -> run = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
          case "time" -> time = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          default -> parser.skipChildren();
        }
        if (type != null && run != null && seq >= 0 && time != null) {
          break;
        }
      }
    } catch (IOException e) {
      return null;
    }
    if (type == null || run == null || seq < 1 || time == null || "quarantined".equals(type)) {
      return null;
    }
    try {
      return new EventKey(type, UUID.fromString(run), seq, Times.parse(time));
    } catch (IllegalArgumentException | MalformedEventException e) {
      return null;
    }
  }

  /** Whether this event closes its run: after it, nothing more is recorded for the run. */
  boolean endsRun() {
    return type.equals("playbook_ended") || type.equals("interrupted");
  }
}
