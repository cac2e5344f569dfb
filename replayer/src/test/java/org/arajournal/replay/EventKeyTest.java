package org.arajournal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventKeyTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheEnvelopeWithoutThePayload() {
    EventKey key = EventKey.peek(utf8("{\"schema\":1,\"type\":\"result\",\"run\":\"11111111-2222-3333-4444-555555555555\","
        + "\"seq\":7,\"time\":\"2026-01-02T03:04:05.123456+00:00\",\"content\":{\"huge\":[1,2,3]}}"));
    assertEquals(new EventKey("result", UUID.fromString("11111111-2222-3333-4444-555555555555"), 7,
        Instant.parse("2026-01-02T03:04:05.123456Z")), key);
  }

  @Test
  void findsTheEnvelopeAfterOtherFields() {
    EventKey key = EventKey.peek(utf8("{\"content\":{\"a\":{\"b\":1}},\"type\":\"file\",\"seq\":2,"
        + "\"run\":\"11111111-2222-3333-4444-555555555555\",\"time\":\"2026-01-02T03:04:05+00:00\"}"));
    assertEquals(2, key.seq());
  }

  @Test
  void quarantineEntriesAreNotEvents() {
    assertNull(EventKey.peek(utf8("{\"type\":\"quarantined\",\"time\":\"2026-01-02T03:04:05+00:00\",\"error\":\"x\"}")));
  }

  @Test
  void garbageIsNotAnEvent() {
    assertNull(EventKey.peek(utf8("not json")));
  }
}
