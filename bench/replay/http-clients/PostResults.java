import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs N results into one ARA task from C threads, a new connection per request, through one of
 * four HTTP clients (okhttp: as the replay's AraClient sets it up; jdk: HttpURLConnection; jnh: the JDK's
 * java.net.http client, HTTP/1.1; raw: a socket and hand-written HTTP/1.1), and prints the loop's CPU per result: what the HTTP client
 * costs the replay against a server that closes every connection (gunicorn's sync workers).
 *
 * <p>Usage: {@code java -cp ... PostResults URL okhttp|jdk|jnh|raw N C}
 */
public final class PostResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sends one POST with a JSON body and returns the answer's body; fails on any status but 201. */
  private interface Client {
    byte[] post(URI url, byte[] body) throws IOException;
  }

  private final URI base;
  private final Client client;

  private PostResults(URI base, Client client) {
    this.base = base;
    this.client = client;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: PostResults URL okhttp|jdk|jnh|raw N C");
    }
    String mode = args[1];
    int results = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    Client client = switch (mode) {
      case "okhttp" -> okhttp(threads);
      case "jdk" -> PostResults::jdk;
      case "jnh" -> jnh();
      case "raw" -> PostResults::raw;
      default -> throw new IllegalArgumentException("client must be okhttp, jdk, jnh or raw, was " + mode);
    };
    PostResults poster = new PostResults(URI.create(args[0]), client);

    long playbook = poster.create("playbooks", object().put("ansible_version", "2.14.18").put("status", "running")
        .put("path", "/bench/post.yml").put("controller", "bench").put("started", now())
        .set("arguments", object()));
    long file = poster.create("files", object().put("playbook", playbook).put("path", "/bench/post.yml")
        .put("content", "- hosts: all\n"));
    long play = poster.create("plays", object().put("name", "post").put("status", "running")
        .put("uuid", UUID.randomUUID().toString()).put("playbook", playbook).put("started", now()));
    ObjectNode taskBody = object().put("name", "post").put("status", "running").put("action", "debug")
        .put("play", play).put("playbook", playbook).put("file", file).put("lineno", 1).put("handler", false)
        .put("started", now());
    taskBody.putArray("tags");
    long task = poster.create("tasks", taskBody);
    long host = poster.create("hosts", object().put("name", "host").put("playbook", playbook));

    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(pool.submit(() -> {
        while (sent.getAndIncrement() < results) {
          String time = now();
          ObjectNode result = object().put("playbook", playbook).put("task", task).put("host", host).put("play", play)
              .put("status", "ok").put("started", time).put("ended", time).put("changed", false)
              .put("ignore_errors", false);
          result.putArray("delegated_to");
          result.set("content", object().put("msg", "x".repeat(220)).put("changed", false));
          poster.create("results", result);
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
    System.out.printf("client=%s n=%d c=%d seconds=%.2f results_per_s=%.1f cpu_ms_per_result=%.3f%n", mode, results,
        threads, seconds, results / seconds, cpuMs / results);
    System.exit(0); // OkHttp's pool threads would keep the JVM up for a while
  }

  private long create(String endpoint, ObjectNode body) {
    try {
      byte[] answer = client.post(base.resolve("/api/v1/" + endpoint), JSON.writeValueAsBytes(body));
      JsonNode created = JSON.readTree(answer);
      return created.get("id").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + endpoint, e);
    }
  }

  private static Client okhttp(int threads) {
    OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).fastFallback(false)
        .followRedirects(false).connectionPool(new ConnectionPool(threads, 5, TimeUnit.MINUTES)).build();
    MediaType json = MediaType.get("application/json");
    return (url, body) -> {
      Request request = new Request.Builder().url(url.toString()).header("Accept", "application/json")
          .header("Connection", "close").post(RequestBody.create(body, json)).build();
      try (Response response = http.newCall(request).execute()) {
        return checked(response.code(), response.body().bytes());
      }
    };
  }

  private static byte[] jdk(URI url, byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setDoOutput(true);
    connection.setRequestMethod("POST");
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setRequestProperty("Accept", "application/json");
    connection.setRequestProperty("Connection", "close");
    connection.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int code = connection.getResponseCode();
    try (InputStream in = code < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      return checked(code, in.readAllBytes());
    }
  }

  private static Client jnh() {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    return (url, body) -> {
      java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(url)
          .header("Accept", "application/json").header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
      try {
        java.net.http.HttpResponse<byte[]> response =
            http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return checked(response.statusCode(), response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    };
  }

  private static byte[] raw(URI url, byte[] body) throws IOException {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setTcpNoDelay(true);
      String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
          + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
          + body.length + "\r\n\r\n";
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      byte[] answer = socket.getInputStream().readAllBytes(); // the server closes after its answer
      int code = Integer.parseInt(new String(answer, "HTTP/1.1 ".length(), 3, StandardCharsets.US_ASCII));
      return checked(code, Arrays.copyOfRange(answer, bodyStart(answer), answer.length));
    }
  }

  private static int bodyStart(byte[] answer) {
    for (int i = 0; i + 3 < answer.length; i++) {
      if (answer[i] == '\r' && answer[i + 1] == '\n' && answer[i + 2] == '\r' && answer[i + 3] == '\n') {
        return i + 4;
      }
    }
    throw new IllegalStateException("an answer without a header end: " + new String(answer, StandardCharsets.UTF_8));
  }

  private static byte[] checked(int code, byte[] body) throws IOException {
    if (code != 201) {
      throw new IOException("HTTP " + code + ": " + new String(body, StandardCharsets.UTF_8));
    }
    return body;
  }

  private static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static String now() {
    return Instant.now().toString();
  }
}
