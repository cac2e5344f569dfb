package org.arajournal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  private final EventCodec codec = new EventCodec();
  private static final String RUN = "0b5f2c1e-8a55-4a3e-9c7a-2f1e7c0d9b11";

  @Test
  void decodesAResultAsTheCallbackWritesIt() {
    Event event = codec.decode("{\"schema\":1,\"type\":\"result\",\"run\":\"" + RUN + "\",\"seq\":7,"
        + "\"time\":\"2026-11-30T07:39:14.047908+00:00\",\"host\":\"web1\",\"task_uuid\":\"t-1\","
        + "\"status\":\"failed\",\"delegated_to\":[\"db1\"],\"content\":{\"msg\":\"boom\"},"
        + "\"changed\":true,\"ignore_errors\":false,\"started\":\"2026-11-30T07:39:13.000001+00:00\"}");

    assertEquals(UUID.fromString(RUN), event.run());
    assertEquals(7, event.seq());
    assertEquals(Instant.parse("2026-11-30T07:39:14.047908Z"), event.time());
    Payload.ResultRecorded result = assertInstanceOf(Payload.ResultRecorded.class, event.payload());
    assertEquals("web1", result.host());
    assertEquals("failed", result.status());
    assertEquals(List.of("db1"), result.delegatedTo());
    assertEquals("boom", result.content().get("msg").asText());
    assertTrue(result.changed());
    assertEquals(Instant.parse("2026-11-30T07:39:13.000001Z"), result.started());
  }

  @Test
  void keepsMicrosecondsThroughEncodeAndDecode() {
    Event event = new Event(1, UUID.fromString(RUN), 3, Instant.parse("2026-11-30T07:39:14.000042Z"),
        new Payload.TaskEnded("t-1"));

    String json = codec.encode(event);

    assertTrue(json.contains("\"time\":\"2026-11-30T07:39:14.000042+00:00\""), json);
    assertEquals(event, codec.decode(json));
  }

  @Test
  void ignoresFieldsAddedByNewerRecorders() {
    Event event = codec.decode("{\"schema\":1,\"type\":\"playbook_ended\",\"run\":\"" + RUN
        + "\",\"seq\":9,\"time\":\"2026-11-30T07:39:14+00:00\",\"status\":\"completed\",\"future\":1}");

    assertEquals(new Payload.PlaybookEnded("completed"), event.payload());
  }

  @Test
  void aMissingOptionalFieldIsNull() {
    Event event = codec.decode("{\"schema\":1,\"type\":\"play_started\",\"run\":\"" + RUN
        + "\",\"seq\":2,\"time\":\"2026-11-30T07:39:14+00:00\",\"name\":\"p\",\"uuid\":\"u\",\"labels\":[]}");

    assertNull(((Payload.PlayStarted) event.payload()).playbookName());
  }

  @Test
  void rejectsAnUnknownTypeNamingIt() {
    MalformedEventException e = assertThrows(MalformedEventException.class, () -> codec.decode(
        "{\"schema\":1,\"type\":\"teleport\",\"run\":\"" + RUN + "\",\"seq\":1,\"time\":\"2026-11-30T07:39:14+00:00\"}"));

    assertTrue(e.getMessage().contains("teleport"), e.getMessage());
  }

  @Test
  void rejectsASchemaFromTheFutureSayingToUpgrade() {
    MalformedEventException e = assertThrows(MalformedEventException.class, () -> codec.decode(
        "{\"schema\":2,\"type\":\"task_ended\",\"run\":\"" + RUN + "\",\"seq\":1,\"time\":\"2026-11-30T07:39:14+00:00\"}"));

    assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
  }

  @Test
  void rejectsATimeWithoutOffset() {
    MalformedEventException e = assertThrows(MalformedEventException.class, () -> codec.decode(
        "{\"schema\":1,\"type\":\"task_ended\",\"run\":\"" + RUN + "\",\"seq\":1,\"time\":\"2026-11-30 07:39\"}"));

    assertTrue(e.getMessage().contains("2026-11-30 07:39"), e.getMessage());
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThrows(MalformedEventException.class, () -> codec.decode("{not json"));
  }

  @Test
  void rejectsASequenceBelowOne() {
    assertThrows(MalformedEventException.class, () -> codec.decode(
        "{\"schema\":1,\"type\":\"task_ended\",\"run\":\"" + RUN + "\",\"seq\":0,\"time\":\"2026-11-30T07:39:14+00:00\"}"));
  }

  @Test
  void decodesARecordWithAnyJsonValue() {
    Event event = codec.decode("{\"schema\":1,\"type\":\"record\",\"run\":\"" + RUN + "\",\"seq\":9,"
        + "\"time\":\"2026-11-30T07:39:14.047908+00:00\",\"task_uuid\":\"t\",\"host\":\"h1\",\"key\":\"somedict\","
        + "\"value\":{\"a\":[1,2]},\"record_type\":\"dict\"}");
    Payload.RecordWritten record = assertInstanceOf(Payload.RecordWritten.class, event.payload());
    assertEquals("somedict", record.key());
    assertEquals("dict", record.recordType());
    assertEquals(2, record.value().path("a").size());
  }

  @Test
  void aRecordOfATypeAraDoesNotKnowIsRefused() {
    MalformedEventException e = org.junit.jupiter.api.Assertions.assertThrows(MalformedEventException.class,
        () -> codec.decode("{\"schema\":1,\"type\":\"record\",\"run\":\"" + RUN + "\",\"seq\":9,"
            + "\"time\":\"2026-11-30T07:39:14.047908+00:00\",\"task_uuid\":\"t\",\"host\":\"h1\",\"key\":\"k\","
            + "\"value\":\"x\",\"record_type\":\"yaml\"}"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("yaml"), e.getMessage());
  }

  @Test
  void aPlaybookEndWithAStatusAraDoesNotGiveIsRefused() {
    MalformedEventException e = assertThrows(MalformedEventException.class, () -> codec.decode(
        "{\"schema\":1,\"type\":\"playbook_ended\",\"run\":\"" + RUN
            + "\",\"seq\":9,\"time\":\"2026-11-30T07:39:14+00:00\",\"status\":\"done\"}"));

    assertTrue(e.getMessage().contains("done"), e.getMessage());
  }
}
