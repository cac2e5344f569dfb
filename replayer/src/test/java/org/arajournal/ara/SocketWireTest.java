package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 on a socket per request: what it sends, what answers it reads, and how it fails. */
class SocketWireTest {
  private static final byte[] BODY = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);

  private final SocketWire wire = new SocketWire(Duration.ofSeconds(5), "ara-journal/test", "Basic YWxpY2U6cHc=");
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void sendsTheRequestWithItsBodyHeadersAndConnectionClose() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).body("{\"id\":1}").build());
    wire.exchange("PATCH", server.url("/api/v1/plays/3?x=a%20b"), BODY);
    RecordedRequest request = server.takeRequest();
    assertEquals("PATCH", request.getMethod());
    assertEquals("/api/v1/plays/3?x=a%20b", request.getTarget());
    assertEquals("close", request.getHeaders().get("Connection"));
    assertEquals("application/json", request.getHeaders().get("Content-Type"));
    assertEquals("application/json", request.getHeaders().get("Accept"));
    assertEquals("ara-journal/test", request.getHeaders().get("User-Agent"));
    assertEquals("Basic YWxpY2U6cHc=", request.getHeaders().get("Authorization"));
    assertEquals(server.getHostName() + ":" + server.getPort(), request.getHeaders().get("Host"));
    assertArrayEquals(BODY, request.getBody().toByteArray());
  }

  @Test
  void aWireLettingTheServerChooseLeavesOutConnectionCloseAndReportsTheServersChoice() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Connection", "close").body("{}").build());
    SocketWire choosing = wire.lettingTheServerChoose();
    assertTrue(!choosing.exchange("GET", server.url("/api/"), null).closesConnection());
    assertTrue(choosing.exchange("GET", server.url("/api/"), null).closesConnection());
    assertNull(server.takeRequest().getHeaders().get("Connection"));
  }

  @Test
  void aGetSendsNoBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    wire.exchange("GET", server.url("/api/"), null);
    RecordedRequest request = server.takeRequest();
    assertEquals(0, request.getBodySize());
    assertNull(request.getHeaders().get("Content-Type"));
  }

  @Test
  void readsTheStatusHeadersAndBodyOfAnAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).setHeader("Server", "gunicorn")
        .setHeader("Content-Type", "application/json").body("{\"id\":7}").build());
    Answer answer = wire.exchange("POST", server.url("/api/v1/results"), BODY);
    assertEquals(201, answer.code());
    assertEquals("{\"id\":7}", answer.body());
    assertEquals("gunicorn", answer.server());
    assertEquals("application/json", answer.contentType());
  }

  @Test
  void readsAChunkedAnswer() throws Exception {
    String body = "{\"results\":[" + "1,".repeat(2000) + "1]}";
    server.enqueue(new MockResponse.Builder().code(200).chunkedBody(body, 97).build());
    assertEquals(body, wire.exchange("GET", server.url("/api/v1/results"), null).body());
  }

  @Test
  void readsAnAnswerWithoutALengthUpToTheServersClose() throws Exception {
    try (Canned canned = new Canned("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"id\":2}", true)) {
      assertEquals("{\"id\":2}", wire.exchange("GET", canned.url(), null).body());
    }
  }

  @Test
  void skipsAnInterimAnswerBeforeTheFinalOne() throws Exception {
    try (Canned canned = new Canned("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}", true)) {
      Answer answer = wire.exchange("POST", canned.url(), BODY);
      assertEquals(201, answer.code());
      assertEquals("{}", answer.body());
    }
  }

  @Test
  void anAnswerCutShortInItsBodyIsAnEndOfStreamNotAnAnswer() throws Exception {
    try (Canned canned = new Canned("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\":", true)) {
      EOFException e = assertThrows(EOFException.class, () -> wire.exchange("POST", canned.url(), BODY));
      assertTrue(e.getMessage().contains("6 of 100 bytes"), e.getMessage());
    }
  }

  @Test
  void aConnectionClosedBeforeAnyAnswerIsAnEndOfStream() throws Exception {
    try (Canned canned = new Canned("", true)) {
      EOFException e = assertThrows(EOFException.class, () -> wire.exchange("POST", canned.url(), BODY));
      assertTrue(e.getMessage().contains("without an answer"), e.getMessage());
    }
  }

  @Test
  void anAnswerThatIsNotHttpIsAProtocolError() throws Exception {
    try (Canned canned = new Canned("SSH-2.0-OpenSSH_9.2\r\n", true)) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> wire.exchange("GET", canned.url(), null));
      assertTrue(e.getMessage().contains("SSH-2.0-OpenSSH_9.2"), e.getMessage());
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    SocketWire impatient = new SocketWire(Duration.ofMillis(200), "ara-journal/test", null);
    try (Canned canned = new Canned("", false)) {
      assertThrows(SocketTimeoutException.class, () -> impatient.exchange("GET", canned.url(), null));
    }
  }

  @Test
  void aClosedPortIsARefusedConnection() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HttpUrl closed = HttpUrl.get("http://127.0.0.1:" + port + "/api/");
    assertThrows(ConnectException.class, () -> wire.exchange("GET", closed, null));
  }

  @Test
  void reachesPlainHttpServersButLeavesHttpsToOkHttp() {
    assertTrue(SocketWire.reaches(HttpUrl.get("http://127.0.0.1:8000/")));
    assertTrue(!SocketWire.reaches(HttpUrl.get("https://ara.example.com/")));
  }

  /** A server that reads one request's head and answers with fixed bytes, then closes or holds on. */
  private static final class Canned implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CompletableFuture<Void> served;

    Canned(String answer, boolean close) throws IOException {
      served = CompletableFuture.runAsync(() -> {
        try (Socket client = socket.accept()) {
          readHead(client.getInputStream());
          client.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
          client.getOutputStream().flush();
          if (!close) {
            client.getInputStream().read();
          }
        } catch (IOException e) {
          // the test ends the exchange; its assertions say what mattered
        }
      });
    }

    HttpUrl url() {
      return HttpUrl.get("http://127.0.0.1:" + socket.getLocalPort() + "/api/v1/x");
    }

    private static void readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
      served.get(5, TimeUnit.SECONDS);
    }
  }
}
