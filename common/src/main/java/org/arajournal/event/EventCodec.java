package org.arajournal.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads and writes events as the flat JSON documents stored in the journal: the envelope fields
 * ({@code schema, type, run, seq, time}) next to the payload's own snake_case fields.
 */
public final class EventCodec {
  private final ObjectMapper mapper;

  public EventCodec() {
    this.mapper =
        JsonMapper.builder()
            .addModule(times())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Newer recorders may add fields; older replayers must still read their journals.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
  }

  /**
   * Payload times in ARA's form through {@link Times}: the replay decodes one per result, and
   * java.time's own parser (what jackson-datatype-jsr310 uses) was a visible part of its CPU.
   */
  private static SimpleModule times() {
    SimpleModule module = new SimpleModule("ara-times");
    module.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
        out.writeString(Times.format(value));
      }
    });
    module.addDeserializer(Instant.class, new JsonDeserializer<>() {
      @Override
      public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
        if (in.currentToken() != JsonToken.VALUE_STRING) {
          return (Instant) context.handleUnexpectedToken(Instant.class, in);
        }
        try {
          return Times.parse(in.getText());
        } catch (MalformedEventException e) {
          throw context.weirdStringException(in.getText(), Instant.class, e.getMessage());
        }
      }
    });
    return module;
  }

  /** The mapper configured for journal documents, for callers that need plain JSON trees. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Decodes one journal document: its envelope as {@link Envelope} reads it, then the payload its
   * type names.
   *
   * @throws MalformedEventException naming what is wrong with {@code json}
   */
  public Event decode(String json) {
    Envelope envelope = Envelope.read(json);
    Payload payload;
    try {
      payload = mapper.readValue(json, envelope.eventType().payload());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedEventException("bad '" + envelope.type() + "' fields: " + e.getMessage());
    }
    try {
      return new Event(envelope.schema(), envelope.run(), envelope.seq(), envelope.time(), payload);
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
}
