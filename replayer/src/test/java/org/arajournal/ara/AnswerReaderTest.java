package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerReaderTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final AnswerReader reader = new AnswerReader(mapper);

  private JsonNode read(String json) throws Exception {
    return reader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCreatedResultKeepsItsFieldsButNotItsContent() throws Exception {
    JsonNode answer = read("{\"id\": 7, \"content\": {\"msg\": \"big\", \"nested\": [1, {\"a\": 2}]}, \"status\": \"ok\","
        + " \"delegated_to\": [3], \"ended\": null}");
    assertEquals(mapper.readTree("{\"id\": 7, \"status\": \"ok\", \"delegated_to\": [3], \"ended\": null}"), answer);
  }

  @Test
  void everyKindOfTopLevelValueIsReadAsJacksonWouldReadIt() throws Exception {
    String json = "{\"int\": 7, \"long\": 12345678901, \"big\": 123456789012345678901234567890,"
        + " \"float\": 1.5, \"yes\": true, \"no\": false, \"none\": null, \"text\": \"caf\u00e9\","
        + " \"list\": [1, \"a\"], \"object\": {\"a\": {}}}";
    assertEquals(mapper.readTree(json), read(json));
  }

  @Test
  void aHostKeepsItsFieldsButNotItsFacts() throws Exception {
    JsonNode answer = read("{\"id\": 3, \"name\": \"web1\", \"facts\": {\"ansible_python\": {}}, \"playbook\": 1}");
    assertFalse(answer.has("facts"));
    assertEquals("web1", answer.get("name").asText());
  }

  @Test
  void contentBelowTheTopLevelIsKept() throws Exception {
    JsonNode page = read("{\"count\": 1, \"results\": [{\"id\": 1, \"content\": {\"k\": 1}}]}");
    assertEquals(1, page.path("results").path(0).path("content").path("k").asInt());
  }

  @Test
  void anEmptyAnswerIsAnEmptyObjectAndAnArrayIsReadWhole() throws Exception {
    assertTrue(reader.read(new byte[0]).isObject());
    assertEquals(2, read("[1, 2]").size());
  }

  @Test
  void somethingThatIsNotJsonIsRefused() {
    assertThrows(JsonProcessingException.class, () -> read("<html>Server Error</html>"));
    assertThrows(JsonProcessingException.class, () -> read("{\"id\": 1} trailing"));
  }
}
