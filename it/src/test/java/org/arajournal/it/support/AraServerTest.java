package org.arajournal.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AraServerTest {
  @Test
  void servesTheAraApiOnLoopback(@TempDir Path dir) throws Exception {
    try (AraServer server = AraServer.start(dir)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url() + "/api/")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(response.body().contains("\"kind\""), response.body());
      assertTrue(server.url().startsWith("http://127.0.0.1:"));
    }
  }
}
