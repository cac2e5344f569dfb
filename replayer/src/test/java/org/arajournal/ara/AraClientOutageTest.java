package org.arajournal.ara;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client rides out an ARA server that is down, failing or refusing, with small backoffs. */
class AraClientOutageTest {
  private static final String ARA_158 = "{\"kind\":\"ara\",\"version\":\"1.5.8\",\"api\":[]}";
  /** Unlimited, like the default, but with waits short enough for a test. */
  private static final RetryPolicy PATIENT = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(50), Optional.empty());

  private MockWebServer server;
  private final List<MockWebServer> others = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    for (MockWebServer other : others) {
      other.close();
    }
  }

  private AraSettings settings(HttpUrl url, String user, String password) {
    return new AraSettings(url, user, password, Duration.ofSeconds(5), null, null, null, false);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aRequestAnswered503IsRetriedUntilTheServerTakesIt() {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(503, "Service Unavailable"));
    server.enqueue(json(503, "Service Unavailable"));
    server.enqueue(json(201, "{\"id\":4}"));
    try (AraClient client = AraClient.connect(settings(server.url("/"), null, null), 2, ConnectionMode.KEEP_ALIVE, PATIENT)) {
      JsonNode play = client.post("/api/v1/plays", client.mapper().createObjectNode().put("name", "p"));
      assertEquals(4, play.get("id").asInt());
      assertEquals(2, client.retries());
    }
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void aRequestThatWaitedOutAnOutageStillRetriesALockedDatabaseWithinGiveUpAfter() {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(503, "Service Unavailable"));
    server.enqueue(json(502, "Bad Gateway"));
    server.enqueue(json(500, "database is locked"));
    server.enqueue(json(201, "{\"id\":5}"));
    RetryPolicy bounded = PATIENT.givingUpAfter(Duration.ofSeconds(30));
    try (AraClient client = AraClient.connect(settings(server.url("/"), null, null), 2, ConnectionMode.KEEP_ALIVE, bounded)) {
      JsonNode result = client.post("/api/v1/results", client.mapper().createObjectNode());
      assertEquals(5, result.get("id").asInt());
      assertEquals(3, client.retries());
    }
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void aRequestToARefusingServerIsSentOnceTheServerIsBack() throws IOException {
    server.enqueue(json(200, ARA_158));
    int port = server.getPort();
    try (AraClient client = AraClient.connect(settings(server.url("/"), null, null), 2, ConnectionMode.CLOSE, PATIENT)) {
      server.close();
      CompletableFuture<JsonNode> post = CompletableFuture.supplyAsync(
          () -> client.post("/api/v1/results", client.mapper().createObjectNode().put("status", "ok")));
      await("refused tries").atMost(Duration.ofSeconds(10)).until(() -> client.retries() >= 3);
      assertFalse(post.isDone(), "the request waits for the server instead of failing");

      MockWebServer back = new MockWebServer();
      others.add(back);
      back.enqueue(json(201, "{\"id\":9}"));
      back.start(InetAddress.getLoopbackAddress(), port);

      JsonNode result = await("the request after the server is back").atMost(Duration.ofSeconds(10))
          .until(() -> post.getNow(null), r -> r != null);
      assertEquals(9, result.get("id").asInt());
      assertEquals(1, back.getRequestCount(), "sent exactly once to the server that came back");
    }
  }

  @Test
  void connectingWaitsForAServerThatIsNotUpYet() throws IOException {
    int port = freePort();
    AtomicBoolean started = new AtomicBoolean();
    CompletableFuture<AraClient> connect = CompletableFuture.supplyAsync(() -> {
      started.set(true);
      return AraClient.connect(settings(HttpUrl.get("http://127.0.0.1:" + port + "/"), null, null), 2,
          ConnectionMode.KEEP_ALIVE, PATIENT);
    });
    await().atMost(Duration.ofSeconds(5)).untilTrue(started);
    MockWebServer late = new MockWebServer();
    others.add(late);
    late.enqueue(json(200, ARA_158));
    late.start(InetAddress.getLoopbackAddress(), port);
    AraClient client = await("connected").atMost(Duration.ofSeconds(10)).until(() -> connect.getNow(null), c -> c != null);
    try (client) {
      assertEquals(AraVersion.parse("1.5.8"), client.version());
    }
  }

  @Test
  void refusedCredentialsAreNeverRetriedAndTheMessageHidesThePassword() {
    server.enqueue(json(200, ARA_158));
    server.enqueue(json(401, "{\"detail\":\"Invalid username/password.\"}"));
    try (AraClient client = AraClient.connect(settings(server.url("/"), "alice", "s3cret-pw"), 2,
        ConnectionMode.KEEP_ALIVE, PATIENT)) {
      AraException e = assertThrows(AraException.class,
          () -> client.post("/api/v1/results", client.mapper().createObjectNode()));
      assertEquals(AraException.Problem.AUTHENTICATION, e.problem());
      assertTrue(e.getMessage().contains("alice") && e.getMessage().contains("ARA_API_PASSWORD"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
      assertEquals(0, client.retries());
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void giveUpAfterBoundsTheWaitForAnUnreachableServer() throws IOException {
    int port = freePort();
    RetryPolicy bounded = PATIENT.givingUpAfter(Duration.ofMillis(300));
    AraException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(AraException.class,
        () -> AraClient.connect(settings(HttpUrl.get("http://127.0.0.1:" + port + "/"), null, null), 2,
            ConnectionMode.KEEP_ALIVE, bounded)));
    assertEquals(AraException.Problem.UNREACHABLE, e.problem());
    assertTrue(e.getMessage().contains("gave up after") && e.getMessage().contains("--give-up-after 300ms")
        && e.getMessage().contains("is the ARA server running"), e.getMessage());
  }

  @Test
  void whileTheServerIsDownOnlyOneRequestProbesIt() {
    server.enqueue(json(200, ARA_158));
    AtomicBoolean down = new AtomicBoolean(true);
    Map<String, AtomicInteger> whileDown = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> whileUp = new ConcurrentHashMap<>();
    int callers = 6;
    try (AraClient client = AraClient.connect(settings(server.url("/"), null, null), callers,
        ConnectionMode.KEEP_ALIVE, PATIENT)) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          boolean isDown = down.get();
          (isDown ? whileDown : whileUp).computeIfAbsent(request.getTarget(), p -> new AtomicInteger()).incrementAndGet();
          return isDown ? json(503, "Service Unavailable") : json(201, "{\"id\":1}");
        }
      });
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      try {
        List<CompletableFuture<JsonNode>> posts = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          String path = "/api/v1/results?caller=" + i;
          posts.add(CompletableFuture.supplyAsync(() -> client.post(path, client.mapper().createObjectNode()), pool));
        }
        await("several probes").atMost(Duration.ofSeconds(10))
            .until(() -> whileDown.values().stream().mapToInt(AtomicInteger::get).max().orElse(0) >= 8);
        down.set(false);
        await("every caller done").atMost(Duration.ofSeconds(10))
            .until(() -> posts.stream().allMatch(CompletableFuture::isDone));
        posts.forEach(post -> assertEquals(1, post.join().get("id").asInt()));
      } finally {
        pool.shutdownNow();
      }
    }
    long probers = whileDown.values().stream().filter(count -> count.get() > 1).count();
    assertEquals(1, probers, "requests per caller while the server was down: " + whileDown);
    assertEquals(callers, whileUp.size(), "every caller sent once the server was back: " + whileUp);
    whileUp.forEach((path, count) -> assertEquals(1, count.get(), path + " sent once after the outage: " + whileUp));
  }
}
