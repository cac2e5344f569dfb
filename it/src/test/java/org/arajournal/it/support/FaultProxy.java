package org.arajournal.it.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a free 127.0.0.1 port in front of an HTTP/1.1 server that breaks chosen requests
 * the way a bad network or an overloaded server does: resets before or after forwarding, answers
 * 503 itself, delays, trickles or truncates responses. It reads requests and responses only as far
 * as needed to tell where each one ends (Content-Length, chunked, or close), so keep-alive
 * connections carry many requests and each request gets its own fault.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
  private static final int MAX_HEAD = 64 * 1024;
  private static final byte[] UNAVAILABLE_BODY =
      "{\"detail\": \"503 from FaultProxy: the request was not forwarded\"}".getBytes(StandardCharsets.US_ASCII);

  /** What the proxy does to one request. */
  public enum Fault {
    /** Forward untouched. */
    NONE,
    /** Reset the client's connection without forwarding: the server never sees the request. */
    RESET_BEFORE_FORWARD,
    /** Forward, let the server answer, then reset the client's connection: done, but the client cannot know. */
    RESET_AFTER_FORWARD,
    /** Answer {@code 503 Service Unavailable} without forwarding. */
    UNAVAILABLE,
    /** Wait {@link Settings#delay()}, then forward. */
    DELAY,
    /** Forward, then send the response back a few bytes at a time ({@link Settings#trickleBytes()} every {@link Settings#tricklePause()}). */
    SLOW_RESPONSE,
    /** Forward, then send back only the head and part of the body, and close. */
    TRUNCATED_RESPONSE
  }

  /** The start of one request as the proxy saw it: enough to choose a fault for it. */
  public record Request(int number, String method, String target) {
    @Override
    public String toString() {
      return "#" + number + " " + method + " " + target;
    }
  }

  /** A fault the proxy applied to a request. */
  public record Injected(Request request, Fault fault) {}

  /** Chooses the fault for each request; called from many connection threads at once. */
  @FunctionalInterface
  public interface FaultPlan {
    Fault choose(Request request);

    /** Every request forwarded untouched. */
    static FaultPlan none() {
      return request -> Fault.NONE;
    }

    /**
     * A seeded random choice per request with the given {@code rates}, for requests matching
     * {@code eligible} only; the same seed gives the same faults for the same order of requests.
     */
    static FaultPlan random(long seed, Rates rates, Predicate<Request> eligible) {
      Objects.requireNonNull(rates, "rates");
      Objects.requireNonNull(eligible, "eligible");
      Random random = new Random(seed);
      return request -> {
        if (!eligible.test(request)) {
          return Fault.NONE;
        }
        double draw;
        synchronized (random) {
          draw = random.nextDouble();
        }
        return rates.pick(draw);
      };
    }

    /** {@code faults} in order to the requests matching {@code matching}, then none; other requests untouched. */
    static FaultPlan script(Predicate<Request> matching, Fault... faults) {
      List<Fault> queue = Collections.synchronizedList(new ArrayList<>(List.of(faults)));
      return request -> {
        if (!matching.test(request)) {
          return Fault.NONE;
        }
        synchronized (queue) {
          return queue.isEmpty() ? Fault.NONE : queue.remove(0);
        }
      };
    }
  }

  /** How often each fault happens, as a share of eligible requests; the rest are forwarded untouched. */
  public record Rates(Map<Fault, Double> shares) {
    public Rates {
      shares = Collections.unmodifiableMap(new EnumMap<>(shares.isEmpty() ? Map.of(Fault.NONE, 1.0) : shares));
      double total = 0;
      for (Map.Entry<Fault, Double> share : shares.entrySet()) {
        if (share.getValue() < 0 || share.getValue() > 1) {
          throw new IllegalArgumentException("rate of " + share.getKey() + " must be in [0, 1], was " + share.getValue());
        }
        total += share.getValue();
      }
      if (total > 1.0 + 1e-9) {
        throw new IllegalArgumentException("rates add up to " + total + " > 1: " + shares);
      }
    }

    /** {@code total} of the requests faulted, split evenly over {@code kinds}. */
    public static Rates evenly(double total, Set<Fault> kinds) {
      if (kinds.isEmpty() || kinds.contains(Fault.NONE)) {
        throw new IllegalArgumentException("kinds must name faults other than NONE, was " + kinds);
      }
      Map<Fault, Double> shares = new EnumMap<>(Fault.class);
      kinds.forEach(kind -> shares.put(kind, total / kinds.size()));
      return new Rates(shares);
    }

    Fault pick(double draw) {
      double upTo = 0;
      for (Map.Entry<Fault, Double> share : shares.entrySet()) {
        upTo += share.getValue();
        if (draw < upTo) {
          return share.getKey();
        }
      }
      return Fault.NONE;
    }
  }

  /** Timings of the slow faults. */
  public record Settings(Duration delay, int trickleBytes, Duration tricklePause) {
    public static final Settings DEFAULT = new Settings(Duration.ofMillis(300), 64, Duration.ofMillis(20));

    public Settings {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(tricklePause, "tricklePause");
      if (trickleBytes < 1) {
        throw new IllegalArgumentException("trickleBytes must be at least 1, was " + trickleBytes);
      }
    }
  }

  private final InetSocketAddress target;
  private final Settings settings;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile FaultPlan plan;
  private volatile boolean faultsOn = true;

  private FaultProxy(InetSocketAddress target, FaultPlan plan, Settings settings) throws IOException {
    this.target = target;
    this.plan = plan;
    this.settings = settings;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "fault-proxy-" + listener.getLocalPort());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::accept);
  }

  /** A proxy on a free 127.0.0.1 port that forwards to {@code 127.0.0.1:targetPort} with {@code plan}. */
  public static FaultProxy start(int targetPort, FaultPlan plan, Settings settings) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(settings, "settings");
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("targetPort must be a TCP port, was " + targetPort);
    }
    try {
      return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), plan, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on a free 127.0.0.1 port", e);
    }
  }

  /** The proxy's root URL, e.g. {@code http://127.0.0.1:41234}, to give clients instead of the server's. */
  public String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Turns faults on or off for requests that arrive from now on (off: a plain forwarding proxy). */
  public void faults(boolean on) {
    faultsOn = on;
  }

  /** Replaces the plan for requests that arrive from now on. */
  public void plan(FaultPlan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** Requests seen so far. */
  public int requests() {
    return requests.get();
  }

  /** Client connections accepted so far: fewer than {@link #requests()} when clients reuse connections. */
  public int connections() {
    return connections.get();
  }

  /** The faults applied so far, in the order they were chosen. */
  public List<Injected> injected() {
    synchronized (injected) {
      return List.copyOf(injected);
    }
  }

  /** How many requests got each fault so far. */
  public Map<Fault, Integer> counts() {
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    injected().forEach(i -> counts.merge(i.fault(), 1, Integer::sum));
    return counts;
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("closing the listener of {} failed", url(), e);
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          log.warn("proxy {} cannot accept connections: {}", url(), e.toString());
        }
        return;
      }
    }
  }

  /** One client connection: requests in turn, each to the same upstream connection (opened on first use). */
  private void serve(Socket client) {
    Socket upstream = null;
    try {
      client.setTcpNoDelay(true);
      InputStream fromClient = client.getInputStream();
      OutputStream toClient = client.getOutputStream();
      while (true) {
        byte[] head = readHead(fromClient);
        if (head == null) {
          return;
        }
        Head request = Head.parse(head);
        Request seen = new Request(requests.incrementAndGet(), request.method(), request.target());
        Fault fault = faultsOn ? plan.choose(seen) : Fault.NONE;
        if (fault != Fault.NONE) {
          injected.add(new Injected(seen, fault));
          log.debug("{}: {}", seen, fault);
        }
        if (fault == Fault.RESET_BEFORE_FORWARD) {
          reset(client);
          return;
        }
        byte[] body = readBody(fromClient, request, false);
        if (fault == Fault.UNAVAILABLE) {
          toClient.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
              + UNAVAILABLE_BODY.length + "\r\n" + (request.closes() ? "Connection: close\r\n" : "") + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          toClient.write(UNAVAILABLE_BODY);
          toClient.flush();
          if (request.closes()) {
            return;
          }
          continue;
        }
        if (fault == Fault.DELAY) {
          pause(settings.delay());
        }
        if (upstream == null) {
          upstream = new Socket();
          upstream.setTcpNoDelay(true);
          upstream.connect(target, 10_000);
          open.add(upstream);
        }
        OutputStream toServer = upstream.getOutputStream();
        toServer.write(head);
        toServer.write(body);
        toServer.flush();
        InputStream fromServer = upstream.getInputStream();
        byte[] responseHead = readHead(fromServer);
        if (responseHead == null) {
          throw new EOFException("the server closed the connection without answering " + seen);
        }
        Head response = Head.parse(responseHead);
        boolean bodyless = request.method().equals("HEAD") || response.status() / 100 == 1
            || response.status() == 204 || response.status() == 304;
        byte[] responseBody = bodyless ? new byte[0] : readBody(fromServer, response, true);
        switch (fault) {
          case RESET_AFTER_FORWARD -> {
            reset(client);
            return;
          }
          case TRUNCATED_RESPONSE -> {
            toClient.write(responseHead);
            toClient.write(responseBody, 0, responseBody.length / 2);
            toClient.flush();
            return;
          }
          case SLOW_RESPONSE -> trickle(toClient, responseHead, responseBody);
          default -> {
            toClient.write(responseHead);
            toClient.write(responseBody);
            toClient.flush();
          }
        }
        if (request.closes() || response.closes() || (!bodyless && response.untilClose())) {
          return;
        }
      }
    } catch (IOException e) {
      log.debug("proxy connection ended: {}", e.toString());
    } finally {
      closeQuietly(client);
      if (upstream != null) {
        closeQuietly(upstream);
      }
    }
  }

  private void trickle(OutputStream out, byte[] head, byte[] body) throws IOException {
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    for (int offset = 0; offset < all.length; offset += settings.trickleBytes()) {
      if (offset > 0) {
        pause(settings.tricklePause());
      }
      out.write(all, offset, Math.min(settings.trickleBytes(), all.length - offset));
      out.flush();
    }
  }

  private static void pause(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: the proxy is closing", e);
    }
  }

  /** Closes with SO_LINGER 0, so the peer gets a TCP RST instead of an orderly end. */
  private void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
    open.remove(socket);
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing {} failed", socket, e);
    }
  }

  /** The bytes up to and including the blank line, or null if the stream ends before the first byte. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0;
    while (matched < 4) {
      int b;
      try {
        b = in.read();
      } catch (SocketException e) {
        if (head.size() == 0) {
          return null;
        }
        throw e;
      }
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new EOFException("the stream ended inside an HTTP head: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEAD) {
        throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
      }
    }
    return head.toByteArray();
  }

  /**
   * The raw bytes of a message body as framed by {@code head}: Content-Length, chunked (kept
   * chunked) or, for a response without either, everything until the server closes.
   */
  private static byte[] readBody(InputStream in, Head head, boolean isResponse) throws IOException {
    if (head.chunked()) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in, raw);
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
        if (size == 0) {
          // trailers, up to the blank line
          while (!readLine(in, raw).isEmpty()) {
            // keep reading
          }
          return raw.toByteArray();
        }
        raw.write(readExactly(in, size + 2));
      }
    }
    if (head.contentLength() >= 0) {
      return readExactly(in, head.contentLength());
    }
    if (isResponse) {
      return in.readAllBytes();
    }
    return new byte[0];
  }

  private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the stream ended inside a chunked body");
      }
      raw.write(b);
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  private static byte[] readExactly(InputStream in, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("body of " + length + " bytes is too large for the proxy");
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length != length) {
      throw new EOFException("the stream ended after " + bytes.length + " of " + length + " body bytes");
    }
    return bytes;
  }

  /** The parts of an HTTP head that frame the message. */
  private record Head(String method, String target, int status, long contentLength, boolean chunked,
      boolean closes) {
    static Head parse(byte[] raw) throws IOException {
      String[] lines = new String(raw, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] start = lines[0].split(" ", 3);
      if (start.length < 2) {
        throw new IOException("not an HTTP start line: '" + lines[0] + "'");
      }
      boolean response = start[0].startsWith("HTTP/");
      int status = 0;
      if (response) {
        try {
          status = Integer.parseInt(start[1]);
        } catch (NumberFormatException e) {
          throw new IOException("not an HTTP status line: '" + lines[0] + "'", e);
        }
      }
      long length = -1;
      boolean chunked = false;
      boolean closes = start[start.length - 1].equals("HTTP/1.0") || start[0].equals("HTTP/1.0");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.contains("chunked");
          case "connection" -> closes = value.contains("close") ? true : value.contains("keep-alive") ? false : closes;
          default -> { }
        }
      }
      return new Head(response ? null : start[0], response ? null : start[1], status, length, chunked, closes);
    }

    /** A response that is framed by the server closing the connection. */
    boolean untilClose() {
      return !chunked && contentLength < 0;
    }
  }
}
