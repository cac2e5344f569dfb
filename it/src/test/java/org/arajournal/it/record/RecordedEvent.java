package org.arajournal.it.record;

import com.fasterxml.jackson.databind.JsonNode;
import org.arajournal.event.Event;

/** One event read back from a journal: the decoded event and the JSON document as stored. */
record RecordedEvent(Event event, JsonNode json) {
  String type() {
    return event.type();
  }

  long seq() {
    return event.seq();
  }

  /** A text field of the stored document, or {@code null}. */
  String text(String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public String toString() {
    return event.seq() + ":" + event.type();
  }
}
