package org.arajournal.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON value kept as the text it was read from: written out again as it is, and read into a tree
 * only when asked. A result's content is most of a replay's bytes, and decoding it into a tree only
 * to encode it again into the request was a visible part of the replay's CPU per result.
 */
@JsonSerialize(using = JsonText.Writer.class)
@JsonDeserialize(using = JsonText.Reader.class)
public final class JsonText {
  /**
   * The attribute of a deserialization whose value is the whole document being read (a String):
   * with it, an object or array is taken as its text instead of through a tree.
   */
  public static final String SOURCE = "org.arajournal.event.JsonText.source";

  private static final ObjectMapper TREES = new ObjectMapper();
  private static final JsonFactory PARSERS = TREES.getFactory();

  private final String text;

  private JsonText(String text) {
    this.text = text;
  }

  /** The text of {@code tree}. */
  public static JsonText of(JsonNode tree) {
    return new JsonText(Objects.requireNonNull(tree, "tree").toString());
  }

  /** The JSON text, exactly as it was read. */
  public String text() {
    return text;
  }

  /** A new tree of this value each time: callers may change theirs. */
  public JsonNode tree() {
    try {
      return TREES.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("JSON text that was valid when read: " + e.getMessage(), e);
    }
  }

  /**
   * The top-level fields named {@code names} of this value, as a tree; empty when it is not an
   * object. The rest is skipped without building trees of it.
   */
  public ObjectNode fields(Set<String> names) {
    ObjectNode picked = JsonNodeFactory.instance.objectNode();
    try (JsonParser parser = PARSERS.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return picked;
      }
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        parser.nextToken();
        if (names.contains(name)) {
          picked.set(name, TREES.readTree(parser));
        } else {
          parser.skipChildren();
        }
      }
      return picked;
    } catch (IOException e) {
      throw new UncheckedIOException("JSON text that was valid when read: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonText json && json.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** Writes the text as it is. */
  static final class Writer extends JsonSerializer<JsonText> {
    @Override
    public void serialize(JsonText value, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeRawValue(value.text);
    }
  }

  /**
   * Takes an object or array as the slice of the {@link #SOURCE} document it spans; without a
   * source (or for a scalar), through a tree.
   */
  static final class Reader extends JsonDeserializer<JsonText> {
    @Override
    public JsonText deserialize(JsonParser in, DeserializationContext context) throws IOException {
      JsonToken token = in.currentToken();
      if (context.getAttribute(SOURCE) instanceof String source
          && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
        long start = in.currentTokenLocation().getCharOffset();
        in.skipChildren();
        long end = in.currentLocation().getCharOffset();
        if (start < 0 || end <= start || end > source.length()) {
          throw JsonMappingException.from(in, "cannot take the JSON text at offsets " + start + "-" + end);
        }
        return new JsonText(source.substring((int) start, (int) end));
      }
      return new JsonText(context.readTree(in).toString());
    }
  }
}
