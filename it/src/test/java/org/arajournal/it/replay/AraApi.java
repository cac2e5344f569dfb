package org.arajournal.it.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads what an ARA server holds, for assertions. */
final class AraApi {
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  AraApi(String url) {
    this.url = url;
  }

  /** {@code GET /api/v1/<path>}. */
  JsonNode get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/" + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every object of a list endpoint, e.g. {@code results?playbook=1}, oldest first. */
  List<JsonNode> list(String query) {
    String sep = query.contains("?") ? "&" : "?";
    JsonNode page = get(query + sep + "limit=1000&order=id");
    List<JsonNode> all = new ArrayList<>();
    page.path("results").forEach(all::add);
    if (page.path("count").asInt() != all.size()) {
      throw new AssertionError(query + ": more than one page (" + page.path("count") + ")");
    }
    return all;
  }

  static Instant time(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : Instant.parse(value.asText());
  }
}
