package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AraClientTest {
  private static final String ARA_158 = "{\"kind\":\"ara\",\"version\":\"1.5.8\",\"api\":[]}";
  private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20),
      Optional.of(Duration.ofMillis(500)));

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

  private AraSettings settings(String user, String password) {
    return new AraSettings(server.url("/"), user, password, Duration.ofSeconds(5), null, null, null, false);
  }

  private AraClient connect(AraSettings settings, ConnectionMode mode) {
    return AraClient.connect(settings, 2, mode, QUICK);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void readsTheServerVersionFromTheApiRoot() throws Exception {
    server.enqueue(json(200, ARA_158));
    try (AraClient client = connect(settings(null, null), ConnectionMode.KEEP_ALIVE)) {
      assertEquals(AraVersion.parse("1.5.8"), client.version());
      assertEquals("/api/", server.takeRequest().getTarget());
    }
  }

  @Test
  void refusesAServerThatIsNotAnAraApi() {
    server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "text/html").body("<h1>nope</h1>").build());
    AraException e = assertThrows(AraException.class, () -> connect(settings(null, null), ConnectionMode.AUTO));
    assertEquals(AraException.Problem.NOT_ARA, e.problem());
    assertTrue(e.getMessage().contains("is not an ARA API server"), e.getMessage());
  }

  @Test
  void refusesJsonThatIsNotFromAra() {
    server.enqueue(json(200, "{\"kind\":\"something else\"}"));
    AraException e = assertThrows(AraException.class, () -> connect(settings(null, null), ConnectionMode.AUTO));
    assertEquals(AraException.Problem.NOT_ARA, e.problem());
  }

  @Test
  void refusesAnAraVersionItDoesNotSpeak() {
    server.enqueue(json(200, "{\"kind\":\"ara\",\"version\":\"2.0.0\"}"));
    AraException e = assertThrows(AraException.class, () -> connect(settings(null, null), ConnectionMode.AUTO));
    assertEquals(AraException.Problem.UNSUPPORTED_VERSION, e.problem());
    assertTrue(e.getMessage().contains("2.0.0"), e.getMessage());
  }

  @Test
  void refusesAnAraWithoutVersion() {
    server.enqueue(json(200, "{\"kind\":\"ara\"}"));
    AraException e = assertThrows(AraException.class, () -> connect(settings(null, null), ConnectionMode.AUTO));
    assertEquals(AraException.Problem.UNSUPPORTED_VERSION, e.problem());
  }

  @Test
  void reportsRefusedCredentialsWithoutThePassword() {
    server.enqueue(json(401, "{\"detail\":\"Invalid username/password.\"}"));
    AraException e = assertThrows(AraException.class,
        () -> connect(settings("alice", "s3cret-pw"), ConnectionMode.AUTO));
    assertEquals(AraException.Problem.AUTHENTICATION, e.problem());
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("alice"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
  }

  @Test
  void asksForCredentialsWhenNoneAreSetAndTheServerWantsThem() {
    server.enqueue(json(403, "{\"detail\":\"Authentication credentials were not provided.\"}"));
    AraException e = assertThrows(AraException.class, () -> connect(settings(null, null), ConnectionMode.AUTO));
    assertEquals(AraException.Problem.AUTHENTICATION, e.problem());
    assertTrue(e.getMessage().contains("ARA_API_USERNAME"), e.getMessage());
  }

  @Test
  void sendsBasicAuthenticationWithEveryRequest() throws Exception {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(201, "{\"id\":1}"));
    try (AraClient client = connect(settings("alice", "pw"), ConnectionMode.KEEP_ALIVE)) {
      client.post("/api/v1/labels", client.mapper().createObjectNode().put("name", "x"));
    }
    String expected = okhttp3.Credentials.basic("alice", "pw");
    assertEquals(expected, server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(expected, server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void retriesWhenSqliteSaysTheDatabaseIsLocked() throws Exception {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(500, "OperationalError at /api/v1/hosts\ndatabase is locked"));
    server.enqueue(json(201, "{\"id\":7,\"name\":\"h\"}"));
    try (AraClient client = connect(settings(null, null), ConnectionMode.KEEP_ALIVE)) {
      JsonNode host = client.post("/api/v1/hosts", client.mapper().createObjectNode().put("name", "h"));
      assertEquals(7, host.get("id").asInt());
      assertEquals(1, client.retries());
    }
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void givesUpOnceTheRequestHasFailedForGiveUpAfterWithTheServersAnswer() {
    server.enqueue(json(200, ARA_158));
    try (AraClient client = connect(settings(null, null), ConnectionMode.KEEP_ALIVE)) {
      server.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return json(500, "database is locked");
        }
      });
      AraException e = assertThrows(AraException.class,
          () -> client.post("/api/v1/hosts", client.mapper().createObjectNode()));
      assertEquals(500, e.status());
      assertTrue(e.getMessage().contains("database is locked") && e.getMessage().contains("gave up after"),
          e.getMessage());
    }
    assertTrue(server.getRequestCount() > 2, "retried before giving up: " + server.getRequestCount());
  }

  @Test
  void createsAResultThenSetsItsDelegatedHostsSoALockedRelationIsNeverRetriedAsADuplicateResult() throws Exception {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(201, "{\"id\":12,\"delegated_to\":[]}"));
    server.enqueue(json(500, "database is locked"));
    server.enqueue(json(200, "{\"id\":12,\"delegated_to\":[3]}"));
    try (AraClient client = connect(settings(null, null), ConnectionMode.KEEP_ALIVE)) {
      com.fasterxml.jackson.databind.node.ObjectNode body = client.mapper().createObjectNode().put("task", 1);
      body.putArray("delegated_to").add(3);
      JsonNode result = client.post("/api/v1/results", body);
      assertEquals(12, result.get("id").asInt());
      assertEquals(3, result.get("delegated_to").get(0).asInt());
    }
    server.takeRequest();
    RecordedRequest create = server.takeRequest();
    assertEquals("POST /api/v1/results", create.getMethod() + " " + create.getTarget());
    assertEquals("{\"task\":1}", create.getBody().utf8());
    for (int i = 0; i < 2; i++) {
      RecordedRequest relation = server.takeRequest();
      assertEquals("PATCH /api/v1/results/12", relation.getMethod() + " " + relation.getTarget());
      assertEquals("{\"delegated_to\":[3]}", relation.getBody().utf8());
    }
    assertEquals(4, server.getRequestCount(), "one create, the relation retried");
  }

  @Test
  void createsAResultWithoutDelegatedHostsInOneRequest() throws Exception {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(201, "{\"id\":12}"));
    try (AraClient client = connect(settings(null, null), ConnectionMode.KEEP_ALIVE)) {
      com.fasterxml.jackson.databind.node.ObjectNode body = client.mapper().createObjectNode().put("task", 1);
      body.putArray("delegated_to");
      client.post("/api/v1/results", body);
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void doesNotRetryARequestTheServerRejected() {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(400, "{\"name\":[\"This field is required.\"]}"));
    try (AraClient client = connect(settings(null, null), ConnectionMode.KEEP_ALIVE)) {
      AraException e = assertThrows(AraException.class,
          () -> client.post("/api/v1/plays", client.mapper().createObjectNode()));
      assertEquals(AraException.Problem.HTTP, e.problem());
      assertTrue(e.getMessage().contains("POST") && e.getMessage().contains("This field is required"), e.getMessage());
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void usesANewConnectionPerRequestWithDjangosDevelopmentServer() throws Exception {
    server.enqueue(json(200, ARA_158).newBuilder().setHeader("Server", "WSGIServer/0.2 CPython/3.11.2").build());
    server.enqueue(json(201, "{\"id\":1}"));
    try (AraClient client = connect(settings(null, null), ConnectionMode.AUTO)) {
      assertTrue(client.closesEachConnection());
      assertInstanceOf(SocketWire.class, client.wire());
      client.post("/api/v1/labels", client.mapper().createObjectNode());
    }
    server.takeRequest();
    assertEquals("close", server.takeRequest().getHeaders().get("Connection"));
  }

  @Test
  void usesAPlainSocketPerRequestWithAServerThatClosesEveryConnection() throws Exception {
    server.enqueue(json(200, ARA_158).newBuilder().setHeader("Server", "gunicorn").setHeader("Connection", "close").build());
    server.enqueue(json(201, "{\"id\":1}"));
    try (AraClient client = connect(settings("alice", "pw"), ConnectionMode.AUTO)) {
      assertTrue(client.closesEachConnection());
      assertInstanceOf(SocketWire.class, client.wire());
      assertEquals(1, client.post("/api/v1/labels", client.mapper().createObjectNode()).get("id").asInt());
    }
    server.takeRequest();
    RecordedRequest post = server.takeRequest();
    assertEquals("close", post.getHeaders().get("Connection"));
    assertEquals(okhttp3.Credentials.basic("alice", "pw"), post.getHeaders().get("Authorization"));
  }

  @Test
  void keepsConnectionsAliveWithOtherServers() throws Exception {
    server.enqueue(json(200, ARA_158).newBuilder().setHeader("Server", "gunicorn").build());
    server.enqueue(json(201, "{\"id\":1}"));
    try (AraClient client = connect(settings(null, null), ConnectionMode.AUTO)) {
      assertFalse(client.closesEachConnection());
      assertInstanceOf(OkHttpWire.class, client.wire());
      assertNull(server.takeRequest().getHeaders().get("Connection"), "the server chooses at the first request");
      client.post("/api/v1/labels", client.mapper().createObjectNode());
    }
    assertEquals("Keep-Alive", server.takeRequest().getHeaders().get("Connection"));
  }

  @Test
  void keepsThePathPrefixOfTheServerUrl() throws Exception {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(201, "{\"id\":1}"));
    AraSettings prefixed = new AraSettings(server.url("/ara/"), null, null, Duration.ofSeconds(5), null, null, null, false);
    try (AraClient client = connect(prefixed, ConnectionMode.KEEP_ALIVE)) {
      client.post("/api/v1/labels", client.mapper().createObjectNode());
    }
    assertEquals("/ara/api/", server.takeRequest().getTarget());
    assertEquals("/ara/api/v1/labels", server.takeRequest().getTarget());
  }

  @Test
  void reportsATlsFailureWhenTheServerDoesNotSpeakTls() {
    server.enqueue(json(200, ARA_158));
    HttpUrl https = new HttpUrl.Builder().scheme("https").host(server.getHostName()).port(server.getPort()).build();
    AraSettings tls = new AraSettings(https, null, null, Duration.ofSeconds(5), null, null, null, false);
    AraException e = assertThrows(AraException.class, () -> connect(tls, ConnectionMode.AUTO));
    assertEquals(AraException.Problem.TLS, e.problem());
    assertTrue(e.getMessage().contains("TLS"), e.getMessage());
  }

  @Test
  void reportsAServerThatIsNotListening() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    AraSettings nowhere = new AraSettings(HttpUrl.get("http://127.0.0.1:" + port), null, null,
        Duration.ofSeconds(5), null, null, null, false);
    AraException e = assertThrows(AraException.class, () -> connect(nowhere, ConnectionMode.AUTO));
    assertEquals(AraException.Problem.UNREACHABLE, e.problem());
    assertTrue(e.getMessage().contains("is the ARA server running"), e.getMessage());
  }
}
