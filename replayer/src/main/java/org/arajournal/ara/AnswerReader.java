package org.arajournal.ara;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an ARA answer into a tree without the bulk a replay never reads back: ARA answers a
 * created result with its whole content and a host with its facts, the largest part of most
 * answers, and building a tree of it per result cost CPU for nothing.
 */
final class AnswerReader {
  /** Top-level fields of an answer left out of its tree. */
  static final Set<String> SKIPPED = Set.of("content", "facts");

  private final ObjectMapper mapper;

  AnswerReader(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** The answer's JSON, without {@link #SKIPPED} fields when it is an object; an empty answer is an empty object. */
  JsonNode read(byte[] json) throws IOException {
    if (json.length == 0) {
      return mapper.createObjectNode();
    }
    try (JsonParser parser = mapper.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return mapper.readTree(json);
      }
      ObjectNode object = mapper.createObjectNode();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        if (SKIPPED.contains(name)) {
          parser.skipChildren();
        } else {
          object.set(name, value(object, value, parser));
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "trailing content after the answer's object");
      }
      return object;
    }
  }

  /** A scalar is made here: a tree read per field (a deserialization context each) cost more than the field. */
  private JsonNode value(ObjectNode factory, JsonToken token, JsonParser parser) throws IOException {
    return switch (token) {
      case VALUE_NULL -> factory.nullNode();
      case VALUE_TRUE -> factory.booleanNode(true);
      case VALUE_FALSE -> factory.booleanNode(false);
      case VALUE_STRING -> factory.textNode(parser.getText());
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> factory.numberNode(parser.getIntValue());
        case LONG -> factory.numberNode(parser.getLongValue());
        default -> mapper.readTree(parser);
      };
      default -> mapper.readTree(parser);
    };
  }
}
