package org.arajournal.it.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class NormaliserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Normaliser normaliser = new Normaliser();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Test
  void masksCommandTimingsButKeepsTheOutput() {
    JsonNode content = json("""
        {"cmd": ["echo", "hi"], "start": "2026-11-30 07:49:47.319891", "end": "2026-11-30 07:49:47.445009",
         "delta": "0:00:00.125118", "stdout": "hi", "rc": 0}""");

    JsonNode masked = normaliser.resultContent(content);

    assertEquals(json("""
        {"cmd": ["echo", "hi"], "start": "<volatile:COMMAND_TIMING>", "end": "<volatile:COMMAND_TIMING>",
         "delta": "<volatile:COMMAND_TIMING>", "stdout": "hi", "rc": 0}"""), masked);
  }

  @Test
  void masksCommandTimingsOfEveryLoopItem() {
    JsonNode content = json("""
        {"results": [{"cmd": "echo 1", "start": "a", "end": "b", "delta": "c", "item": 1},
                     {"skipped": true, "item": 2}]}""");

    JsonNode masked = normaliser.resultContent(content);

    assertEquals("<volatile:COMMAND_TIMING>", masked.at("/results/0/delta").asText());
    assertEquals(json("{\"skipped\": true, \"item\": 2}"), masked.at("/results/1"));
  }

  @Test
  void leavesStartAndEndAloneOutsideCommandResults() {
    JsonNode content = json("{\"start\": 1, \"end\": 2, \"msg\": \"a range\"}");

    assertEquals(content, normaliser.resultContent(content));
  }

  @Test
  void masksOnlyTheDateTimeFacts() {
    JsonNode content = json("""
        {"ansible_facts": {"ansible_date_time": {"epoch": "1764488987"}, "ansible_hostname": "box"}}""");

    JsonNode masked = normaliser.resultContent(content);

    assertEquals(json("""
        {"ansible_facts": {"ansible_date_time": "<volatile:FACTS_DATE_TIME>", "ansible_hostname": "box"}}"""), masked);
    assertEquals(masked.get("ansible_facts"), normaliser.facts(content.get("ansible_facts")));
  }

  @Test
  void masksUuidsButShowsAnythingElse() {
    assertEquals("<volatile:RUN_UUID>", normaliser.uuid(TextNode.valueOf("0242ac11-0002-25f8-8d61-000000000006")).asText());
    assertEquals("not-a-uuid", normaliser.uuid(TextNode.valueOf("not-a-uuid")).asText());
  }

  @Test
  void sortsTaskTagsSoTheirSetOrderDoesNotMatter() {
    assertEquals(json("[\"noisy\", \"report\"]"), normaliser.tags(json("[\"report\", \"noisy\"]")));
  }

  @Test
  void doesNotChangeItsInput() {
    JsonNode content = json("{\"cmd\": \"x\", \"start\": \"s\"}");

    normaliser.resultContent(content);

    assertEquals("s", content.get("start").asText());
  }
}
