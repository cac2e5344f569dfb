package org.arajournal.it.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads what ARA's own callback stored, through the ARA server's REST API. */
final class AraApi {
  private final String url;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  AraApi(String url) {
    this.url = url;
  }

  /** GET {@code /api/v1/<path>}; fails the test on anything but 200. */
  JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/" + path))
        .timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The {@code count} of a list endpoint, e.g. {@code results?playbook=1&status=ok}. */
  long count(String query) {
    return get(query + (query.contains("?") ? "&" : "?") + "limit=1").path("count").asLong();
  }

  /** The one playbook the server holds. */
  JsonNode onlyPlaybook() {
    JsonNode list = get("playbooks");
    if (list.path("count").asInt() != 1) {
      throw new AssertionError("expected one playbook in ARA, found: " + list.toPrettyString());
    }
    return list.path("results").get(0);
  }
}
