package org.arajournal.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The envelope of a journal document ({@code schema, type, run, seq, time}), read with a streaming
 * parser that skips the payload: the one reader of these fields. The recorder checks each frame
 * with {@link #read(byte[])}, the replay finds a run's entries with {@link #peek}, and
 * {@link EventCodec#decode} reads the envelope here before the payload.
 *
 * <p>The payload's own fields are checked when the event is decoded, at replay. A frame that is
 * cut short, not JSON, or has no valid envelope is refused by {@link #read(byte[])} and
 * quarantined.
 *
 * @param schema 0 when {@link #peek} found the other fields first
 * @param type   the wire name; from {@link #peek} possibly one this version does not know
 */
public record Envelope(int schema, String type, UUID run, long seq, Instant time) {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads and checks the envelope of {@code document} and that the whole of it is one JSON object.
   *
   * @throws MalformedEventException saying what is wrong with it
   */
  public static Envelope read(byte[] document) {
    try {
      return read(JSON.createParser(document));
    } catch (IOException e) {
      throw notJson(e);
    }
  }

  /** {@link #read(byte[])} of a document already decoded to text. */
  static Envelope read(String document) {
    try {
      return read(JSON.createParser(document));
    } catch (IOException e) {
      throw notJson(e);
    }
  }

  private static MalformedEventException notJson(IOException e) {
    return new MalformedEventException("not valid JSON: "
        + (e instanceof JsonParseException parse ? parse.getOriginalMessage() : e.getMessage()));
  }

  /**
   * The envelope of {@code document} read only as far as its fields go: the payload after them, which
   * can be megabytes of facts, is not parsed. Null when the document is not an event (a quarantine
   * entry, an incomplete envelope, not JSON). An event type this version does not know is returned
   * as it is, for the decoder to refuse with a reason.
   */
  public static Envelope peek(byte[] document) {
    Fields fields = new Fields();
    try (JsonParser parser = JSON.createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (!fields.hasKey() && parser.nextToken() == JsonToken.FIELD_NAME) {
        fields.take(parser);
      }
    } catch (IOException e) {
      return null;
    }
    if (!fields.hasKey() || fields.seq < 1 || "quarantined".equals(fields.type)) {
      return null;
    }
    try {
      return new Envelope(fields.schema == null ? 0 : fields.schema, fields.type, UUID.fromString(fields.run),
          fields.seq, Times.parse(fields.time));
    } catch (IllegalArgumentException | MalformedEventException e) {
      return null;
    }
  }

  /** The type of this event, or null when this version does not know it. */
  public EventType eventType() {
    return EventType.named(type);
  }

  /** Whether this event closes its run: after it, nothing more is recorded for the run. */
  public boolean endsRun() {
    EventType known = eventType();
    return known != null && known.endsRun();
  }

  private static Envelope read(JsonParser parser) throws IOException {
    Fields fields = new Fields();
    try (parser) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedEventException("an event must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        fields.take(parser);
      }
      if (parser.nextToken() != null) {
        throw new MalformedEventException("more than one JSON value in one event");
      }
    }
    if (fields.schema == null) {
      throw new MalformedEventException("missing integer field 'schema'");
    }
    if (fields.schema > Event.SCHEMA) {
      throw new MalformedEventException("schema " + fields.schema + " was written by a newer ara-journal (this one"
          + " reads up to " + Event.SCHEMA + "); upgrade ara-journal to read it");
    }
    if (fields.type == null) {
      throw new MalformedEventException("missing text field 'type'");
    }
    if (EventType.named(fields.type) == null) {
      throw new MalformedEventException("unknown event type '" + fields.type + "'; this version reads "
          + EventType.wireNames() + " (a newer ara-journal may read it)");
    }
    if (fields.run == null) {
      throw new MalformedEventException("missing text field 'run'");
    }
    UUID run;
    try {
      run = UUID.fromString(fields.run);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException("run is not a UUID: \"" + fields.run + "\"");
    }
    if (fields.seq == null) {
      throw new MalformedEventException("missing integer field 'seq'");
    }
    if (fields.time == null) {
      throw new MalformedEventException("missing text field 'time'");
    }
    return new Envelope(fields.schema, fields.type, run, fields.seq, Times.parse(fields.time));
  }

  /** The envelope's fields as found so far; a field of the wrong JSON type counts as missing. */
  private static final class Fields {
    Integer schema;
    String type;
    String run;
    Long seq;
    String time;

    /** Reads the value of the field the parser is at, skipping it unless it is an envelope field. */
    void take(JsonParser parser) throws IOException {
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

    /** Whether the fields that say which run's event this is are all there. */
    boolean hasKey() {
      return type != null && run != null && seq != null && time != null;
    }
  }
}
