package org.arajournal.it.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.arajournal.it.support.FaultProxy.Fault;
import org.arajournal.it.support.FaultProxy.FaultPlan;
import org.arajournal.it.support.FaultProxy.Rates;
import org.arajournal.it.support.FaultProxy.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link FaultProxy} does to each request, against a tiny local HTTP/1.1 server. */
class FaultProxyTest {
  private static final int BODY = 1000;
  private static final FaultProxy.Settings QUICK = new FaultProxy.Settings(Duration.ofMillis(600), 10,
      Duration.ofMillis(1));

  private HttpServer server;
  /** "METHOD /path body-length" of every request the server received. */
  private final List<String> received = new CopyOnWriteArrayList<>();
  private FaultProxy proxy;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] request = exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + request.length);
      byte[] body = exchange.getRequestURI().getPath().equals("/echo") ? request : "x".repeat(BODY).getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    server.stop(0);
  }

  private FaultProxy proxy(FaultPlan plan) {
    proxy = FaultProxy.start(server.getAddress().getPort(), plan, QUICK);
    return proxy;
  }

  @Test
  void forwardsEveryRequestOfAKeepAliveConnectionWhenNothingIsFaulted() throws IOException {
    proxy(FaultPlan.none());
    try (Socket socket = connect()) {
      for (int i = 0; i < 3; i++) {
        send(socket, "GET /item/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
        Response response = read(socket.getInputStream());
        assertEquals(200, response.status());
        assertEquals(BODY, response.body().length);
      }
    }
    assertEquals(List.of("GET /item/0 0", "GET /item/1 0", "GET /item/2 0"), received);
    assertEquals(3, proxy.requests());
    assertEquals(1, proxy.connections());
  }

  @Test
  void forwardsRequestBodiesByContentLengthAndChunked() throws IOException {
    proxy(FaultPlan.none());
    try (Socket socket = connect()) {
      send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
      assertEquals("hello", new String(read(socket.getInputStream()).body(), StandardCharsets.US_ASCII));
      send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      assertEquals("abcde", new String(read(socket.getInputStream()).body(), StandardCharsets.US_ASCII));
    }
    assertEquals(List.of("POST /echo 5", "POST /echo 5"), received);
  }

  @Test
  void resetBeforeForwardingKeepsTheRequestFromTheServer() throws IOException {
    proxy(FaultPlan.script(r -> true, Fault.RESET_BEFORE_FORWARD));
    try (Socket socket = connect()) {
      send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
      assertThrows(IOException.class, () -> read(socket.getInputStream()));
    }
    assertEquals(List.of(), received);
    assertEquals(List.of(new FaultProxy.Injected(new Request(1, "POST", "/echo"), Fault.RESET_BEFORE_FORWARD)),
        proxy.injected());
  }

  @Test
  void resetAfterForwardingLetsTheServerProcessTheRequestButNotAnswer() throws IOException {
    proxy(FaultPlan.script(r -> true, Fault.RESET_AFTER_FORWARD));
    try (Socket socket = connect()) {
      send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
      assertThrows(IOException.class, () -> read(socket.getInputStream()));
    }
    assertEquals(List.of("POST /echo 2"), received);
  }

  @Test
  void unavailableIsAnswered503ByTheProxyAndTheConnectionStaysUsable() throws IOException {
    proxy(FaultPlan.script(r -> true, Fault.UNAVAILABLE));
    try (Socket socket = connect()) {
      send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
      assertEquals(503, read(socket.getInputStream()).status());
      send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nho");
      assertEquals("ho", new String(read(socket.getInputStream()).body(), StandardCharsets.US_ASCII));
    }
    assertEquals(List.of("POST /echo 2"), received, "only the second request reaches the server");
  }

  @Test
  void truncatedResponseSendsTheHeadAndPartOfTheBodyThenCloses() throws IOException {
    proxy(FaultPlan.script(r -> true, Fault.TRUNCATED_RESPONSE));
    try (Socket socket = connect()) {
      send(socket, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
      byte[] all = socket.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("HTTP/1.1 200"), text);
      assertTrue(text.contains("Content-length: " + BODY) || text.contains("Content-Length: " + BODY), text);
      int bodyBytes = all.length - (text.indexOf("\r\n\r\n") + 4);
      assertEquals(BODY / 2, bodyBytes, "half the body, then the end of the stream");
    }
    assertEquals(List.of("GET /big 0"), received);
  }

  @Test
  void slowResponseArrivesWholeAFewBytesAtATime() throws IOException {
    proxy(FaultPlan.script(r -> true, Fault.SLOW_RESPONSE));
    try (Socket socket = connect()) {
      send(socket, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
      InputStream in = socket.getInputStream();
      byte[] first = new byte[4096];
      int n = in.read(first);
      assertTrue(n > 0 && n <= QUICK.trickleBytes(), "the first read returned " + n + " bytes");
      Response rest = read(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(first, 0, n), in));
      assertEquals(200, rest.status());
      assertArrayEquals("x".repeat(BODY).getBytes(), rest.body());
    }
  }

  @Test
  void delayHoldsTheRequestBackThenForwardsIt() throws IOException {
    proxy(FaultPlan.script(r -> true, Fault.DELAY));
    try (Socket socket = connect()) {
      send(socket, "GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
      socket.setSoTimeout((int) QUICK.delay().toMillis() / 4);
      assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
          "nothing arrives while the proxy holds the request");
      socket.setSoTimeout(10_000);
      assertEquals(BODY, read(socket.getInputStream()).body().length);
    }
    assertEquals(List.of("GET /late 0"), received);
  }

  @Test
  void turningFaultsOffForwardsEverythingUntouched() throws IOException {
    proxy(FaultPlan.random(1, Rates.evenly(1.0, EnumSet.of(Fault.UNAVAILABLE)), r -> true));
    proxy.faults(false);
    try (Socket socket = connect()) {
      send(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, read(socket.getInputStream()).status());
    }
    proxy.faults(true);
    try (Socket socket = connect()) {
      send(socket, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(503, read(socket.getInputStream()).status());
    }
    assertEquals(Map.of(Fault.UNAVAILABLE, 1), proxy.counts());
  }

  @Test
  void aSeededPlanRepeatsItsChoicesAndKeepsToItsRates() {
    Rates rates = Rates.evenly(0.2, EnumSet.of(Fault.RESET_BEFORE_FORWARD, Fault.UNAVAILABLE, Fault.TRUNCATED_RESPONSE,
        Fault.SLOW_RESPONSE));
    List<Fault> first = choices(FaultPlan.random(42, rates, r -> !r.method().equals("GET")));
    List<Fault> again = choices(FaultPlan.random(42, rates, r -> !r.method().equals("GET")));
    assertEquals(first, again);
    long faulted = first.stream().filter(f -> f != Fault.NONE).count();
    // 1000 eligible POSTs at 20%: well within 150..250 for any seed worth using
    assertTrue(faulted > 150 && faulted < 250, faulted + " of 1000 eligible requests faulted");
    assertEquals(4, first.stream().filter(f -> f != Fault.NONE).distinct().count(), "every kind occurs");
    assertFalse(choices(FaultPlan.random(42, rates, r -> false)).stream().anyMatch(f -> f != Fault.NONE),
        "requests that are not eligible are never faulted");
  }

  @Test
  void ratesAddingUpToMoreThanOneAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Rates(Map.of(Fault.UNAVAILABLE, 0.7, Fault.DELAY, 0.7)));
    assertTrue(e.getMessage().contains("> 1"), e.getMessage());
  }

  /** The plan's choices for 2000 requests alternating POST and GET: those of the 1000 POSTs. */
  private static List<Fault> choices(FaultPlan plan) {
    List<Fault> posts = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) {
      String method = i % 2 == 0 ? "GET" : "POST";
      Fault fault = plan.choose(new Request(i, method, "/api/v1/results"));
      if (method.equals("POST")) {
        posts.add(fault);
      } else {
        assertEquals(Fault.NONE, fault, "a GET is not eligible");
      }
    }
    return posts;
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  private record Response(int status, byte[] body) {}

  /** One response framed by Content-Length (all the test server sends). */
  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection ended after " + head.size() + " head bytes");
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(text.substring(9, 12));
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("the connection ended after " + body.length + " of " + length + " body bytes");
    }
    return new Response(status, body);
  }
}
