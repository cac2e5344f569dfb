package org.arajournal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static final String RUN = "0b5f2c1e-8a55-4a3e-9c7a-2f1e7c0d9b11";
  private static final String HEAD = "{\"schema\":1,\"type\":\"result\",\"run\":\"" + RUN + "\",\"seq\":7,"
      + "\"time\":\"2026-11-30T07:39:14.047908+00:00\"";

  private static Envelope read(String json) {
    return Envelope.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(String json) {
    return assertThrows(MalformedEventException.class, () -> read(json)).getMessage();
  }

  @Test
  void readsTheEnvelopeOfAnEventAsTheCallbackWritesIt() {
    Envelope envelope = read(HEAD + ",\"host\":\"web1\",\"content\":{\"results\":[{\"a\":[1,2,{}]}]}}");

    assertEquals(1, envelope.schema());
    assertEquals("result", envelope.type());
    assertEquals(UUID.fromString(RUN), envelope.run());
    assertEquals(7, envelope.seq());
    assertEquals(Instant.parse("2026-11-30T07:39:14.047908Z"), envelope.time());
  }

  @Test
  void leavesThePayloadsFieldsToTheDecoder() {
    assertEquals("result", read(HEAD + ",\"host\":42}").type());
  }

  @Test
  void refusesADocumentCutShort() {
    assertTrue(refusal(HEAD + ",\"content\":{\"msg\":\"bo").startsWith("not valid JSON"));
  }

  @Test
  void refusesWhatIsNotAJsonObject() {
    assertEquals("an event must be a JSON object", refusal("[1,2]"));
    assertTrue(refusal("this is not JSON").startsWith("not valid JSON"));
  }

  @Test
  void refusesTrailingValues() {
    assertEquals("more than one JSON value in one event", refusal(HEAD + "} {}"));
  }

  @Test
  void namesAMissingOrInvalidEnvelopeField() {
    assertEquals("missing text field 'run'", refusal("{\"schema\":1,\"type\":\"result\",\"seq\":1,\"time\":\"x\"}"));
    assertEquals("run is not a UUID: \"r-1\"", refusal(HEAD.replace(RUN, "r-1") + "}"));
    assertEquals("missing integer field 'seq'", refusal(HEAD.replace("\"seq\":7", "\"seq\":\"7\"") + "}"));
    assertTrue(refusal(HEAD.replace("2026-11-30T07:39:14.047908+00:00", "yesterday") + "}").contains("yesterday"));
  }

  @Test
  void refusesAnUnknownTypeAndANewerSchema() {
    assertTrue(refusal(HEAD.replace("\"result\"", "\"reboot\"") + "}").startsWith("unknown event type 'reboot'"));
    assertTrue(refusal(HEAD.replace("\"schema\":1", "\"schema\":99") + "}").contains("upgrade ara-journal"));
  }

  private static Envelope peek(String json) {
    return Envelope.peek(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void peekReadsTheEnvelopeWithoutThePayload() {
    Envelope envelope = peek(HEAD + ",\"content\":{\"huge\":[1,2,3]}}");

    assertEquals(new Envelope(1, "result", UUID.fromString(RUN), 7, Instant.parse("2026-11-30T07:39:14.047908Z")),
        envelope);
  }

  @Test
  void peekFindsTheEnvelopeAfterOtherFields() {
    Envelope envelope = peek("{\"content\":{\"a\":{\"b\":1}},\"type\":\"file\",\"seq\":2,\"run\":\"" + RUN
        + "\",\"time\":\"2026-01-02T03:04:05+00:00\"}");

    assertEquals(2, envelope.seq());
  }

  @Test
  void peekStopsAtTheEnvelopeSoAPayloadCutShortDoesNotHideIt() {
    assertEquals(7, peek(HEAD + ",\"content\":{\"msg\":\"bo").seq());
  }

  @Test
  void peekKeepsAnEventTypeThisVersionDoesNotKnowForTheDecoderToRefuse() {
    Envelope envelope = peek(HEAD.replace("\"result\"", "\"reboot\"") + "}");

    assertEquals("reboot", envelope.type());
    assertNull(envelope.eventType());
    assertFalse(envelope.endsRun());
  }

  @Test
  void quarantineEntriesAreNotEvents() {
    assertNull(peek("{\"type\":\"quarantined\",\"time\":\"2026-01-02T03:04:05+00:00\",\"error\":\"x\"}"));
  }

  @Test
  void garbageIsNotAnEvent() {
    assertNull(peek("not json"));
  }

  @Test
  void aSequenceBelowOneIsNotAnEvent() {
    assertNull(peek(HEAD.replace("\"seq\":7", "\"seq\":0") + "}"));
  }

  @Test
  void thePlaybookEndAndASignalEndTheRun() {
    assertTrue(peek(HEAD.replace("\"result\"", "\"playbook_ended\"") + "}").endsRun());
    assertTrue(peek(HEAD.replace("\"result\"", "\"interrupted\"") + "}").endsRun());
    assertFalse(peek(HEAD + "}").endsRun());
  }
}
