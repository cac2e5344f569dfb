package org.arajournal.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AraPostgresServerTest {
  @Test
  void servesTheAraApiOnLoopbackFromPostgresAndIsGoneAfterClose() throws Exception {
    String url;
    try (AraPostgresServer server = AraPostgresServer.start()) {
      url = server.url();
      assertTrue(url.startsWith("http://127.0.0.1:"), url);
      HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(url + "/api/v1/labels")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"on-postgres\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body() + "\n" + server.serverLog());
      assertEquals(1, new AraApi(url).count("labels?name=on-postgres"));
      assertTrue(server.serverLog().contains("database system is ready"), "served by PostgreSQL:\n"
          + server.serverLog());
    }
    URI stopped = URI.create(url);
    assertFalse(listening(stopped.getPort()), "gunicorn stopped on close");
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
