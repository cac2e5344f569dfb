package org.arajournal.ara;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one ARA API server: JSON over OkHttp with ARA's authentication and TLS settings,
 * retries of what the server may take later, and errors that say what to fix. Thread-safe; one
 * instance serves every worker.
 */
public final class AraClient implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(AraClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "ara-journal/0.1.0 (replay)";
  private static final int MAX_BODY_IN_MESSAGE = 400;

  private final AraSettings settings;
  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final RetryPolicy retries;
  private final AraVersion version;
  private final boolean closeEach;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AdaptiveLimit inFlight;

  private AraClient(AraSettings settings, OkHttpClient http, ObjectMapper mapper, RetryPolicy retries,
      AraVersion version, boolean closeEach, int connections) {
    this.settings = settings;
    this.http = http;
    this.mapper = mapper;
    this.retries = retries;
    this.version = version;
    this.closeEach = closeEach;
    this.inFlight = new AdaptiveLimit(connections);
  }

  /**
   * Connects to the server of {@code settings}, checks that it is an ARA API this replayer speaks
   * and reads its version.
   *
   * @param connections how many requests may be in flight at once (the worker count)
   * @throws AraException saying why the server cannot be used
   */
  public static AraClient connect(AraSettings settings, int connections, ConnectionMode mode, RetryPolicy retries) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1, was " + connections);
    }
    OkHttpClient http = httpClient(settings, connections);
    ObjectMapper mapper = new ObjectMapper();
    try {
      Handshake handshake = handshake(settings, http, mapper, retries);
      boolean closeEach = switch (mode) {
        case CLOSE -> true;
        case KEEP_ALIVE -> false;
        case AUTO -> handshake.developmentServer();
      };
      log.info("ARA {} at {} ({}; {})", handshake.version(), settings.server(),
          handshake.serverHeader() == null ? "server unnamed" : handshake.serverHeader(),
          closeEach ? "a new connection per request" : "keep-alive connections");
      return new AraClient(settings, http, mapper, retries, handshake.version(), closeEach, connections);
    } catch (RuntimeException e) {
      shutdown(http);
      throw e;
    }
  }

  private static OkHttpClient httpClient(AraSettings settings, int connections) {
    Duration timeout = settings.timeout();
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .followRedirects(false);
    if (settings.server().isHttps()) {
      Tls tls = Tls.of(settings);
      builder.sslSocketFactory(tls.socketFactory(), tls.trustManager());
      if (tls.insecure()) {
        builder.hostnameVerifier((host, session) -> true);
      }
    }
    if (settings.authenticates()) {
      // Preemptive, like requests' HTTPBasicAuth in ARA's client: no 401 round trip per request.
      String credentials = Credentials.basic(settings.username(), settings.password(), StandardCharsets.UTF_8);
      builder.addInterceptor(chain -> chain.proceed(
          chain.request().newBuilder().header("Authorization", credentials).build()));
    }
    return builder.build();
  }

  private record Handshake(AraVersion version, String serverHeader, boolean developmentServer) {}

  private static Handshake handshake(AraSettings settings, OkHttpClient http, ObjectMapper mapper, RetryPolicy retries) {
    HttpUrl url = settings.server().newBuilder().addPathSegments("api/").build();
    Request request = new Request.Builder().url(url).header("Accept", "application/json")
        .header("User-Agent", USER_AGENT).get().build();
    String where = "GET " + url;
    for (int attempt = 1; ; attempt++) {
      try (Response response = http.newCall(request).execute()) {
        String body = response.body().string();
        int code = response.code();
        if (code == 401 || code == 403) {
          throw authentication(settings, where, code);
        }
        if (retryable(code, body) && attempt < retries.attempts()) {
          pause(retries, attempt, where, "HTTP " + code);
          continue;
        }
        JsonNode root = null;
        try {
          root = code == 200 ? mapper.readTree(body) : null;
        } catch (JsonProcessingException notJson) {
          // reported below
        }
        if (root == null || !"ara".equals(root.path("kind").asText())) {
          throw new AraException(AraException.Problem.NOT_ARA, code,
              settings.server() + " is not an ARA API server: " + where + " answered HTTP " + code + " "
                  + response.header("Content-Type", "without a content type") + " (" + excerpt(body) + ")."
                  + " Set ARA_API_SERVER or --to to the server's base URL, e.g. http://127.0.0.1:8000,"
                  + " without /api/v1", null);
        }
        String text = root.path("version").asText(null);
        AraVersion version;
        try {
          version = AraVersion.parse(text);
        } catch (IllegalArgumentException e) {
          throw new AraException(AraException.Problem.UNSUPPORTED_VERSION, code,
              "the ARA server at " + settings.server() + " reports no usable version (" + where + " gave "
                  + excerpt(body) + "); this replayer speaks ARA 1.5 to 1.7", e);
        }
        if (version.major() != 1 || version.compareTo(AraVersion.OLDEST) < 0) {
          throw new AraException(AraException.Problem.UNSUPPORTED_VERSION, code,
              "the ARA server at " + settings.server() + " is version " + version + "; this replayer speaks"
                  + " the API of ARA 1.5 to 1.7. Use an ARA server of those versions", null);
        }
        if (version.atLeast(1, 8)) {
          log.warn("ARA {} is newer than the newest version this replayer knows (1.7); replaying as for 1.7", version);
        }
        String server = response.header("Server");
        return new Handshake(version, server, server != null && server.startsWith("WSGIServer/"));
      } catch (IOException e) {
        AraException failure = transportFailure(settings, where, e);
        if (failure.problem() == AraException.Problem.UNREACHABLE && retryable(e) && attempt < retries.attempts()) {
          pause(retries, attempt, where, e.toString());
          continue;
        }
        throw failure;
      }
    }
  }

  /** The server's version, read when connecting. */
  public AraVersion version() {
    return version;
  }

  public AraSettings settings() {
    return settings;
  }

  /** Whether each request uses a new connection (see {@link ConnectionMode}). */
  public boolean closesEachConnection() {
    return closeEach;
  }

  /** Requests sent, retries included. */
  public long requests() {
    return requests.get();
  }

  /** Requests that were sent again after a retryable failure. */
  public long retries() {
    return retried.get();
  }

  /** The JSON mapper requests are written with; use it to build bodies. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** {@code POST path} with a JSON body; returns the created (or found) object. */
  public JsonNode post(String path, ObjectNode body) {
    return send("POST", path, body);
  }

  /** {@code PATCH path} with a JSON body; returns the updated object. */
  public JsonNode patch(String path, ObjectNode body) {
    return send("PATCH", path, body);
  }

  /** {@code GET path} (path may carry a query); returns the JSON answer. */
  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  private JsonNode send(String method, String path, ObjectNode body) {
    HttpUrl url = settings.server().resolve(joinable(path));
    if (url == null) {
      throw new IllegalArgumentException("not a path: " + path);
    }
    byte[] json;
    try {
      json = body == null ? null : mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode the body of " + method + " " + path, e);
    }
    Request.Builder builder = new Request.Builder().url(url)
        .header("Accept", "application/json").header("User-Agent", USER_AGENT)
        .method(method, json == null ? null : RequestBody.create(json, JSON));
    if (closeEach) {
      builder.header("Connection", "close");
    }
    Request request = builder.build();
    String where = method + " " + url;
    for (int attempt = 1; ; attempt++) {
      Answer answer = attempt(request, where);
      if (answer.failure() != null) {
        AraException failure = transportFailure(settings, where, answer.failure());
        if (failure.problem() == AraException.Problem.UNREACHABLE && retryable(answer.failure())
            && attempt < retries.attempts()) {
          retry(attempt, where, answer.failure().toString());
          continue;
        }
        throw failure;
      }
      int code = answer.code();
      String text = answer.body();
      if (code >= 200 && code < 300) {
        try {
          return text.isEmpty() ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (JsonProcessingException e) {
          throw new AraException(AraException.Problem.NOT_ARA, code,
              where + " answered something that is not JSON: " + e.getOriginalMessage(), e);
        }
      }
      if (code == 401 || code == 403) {
        throw authentication(settings, where, code);
      }
      if (retryable(code, text) && attempt < retries.attempts()) {
        retry(attempt, where, "HTTP " + code + " " + excerpt(text));
        continue;
      }
      throw new AraException(AraException.Problem.HTTP, code,
          where + " failed with HTTP " + code + ": " + excerpt(text)
              + (attempt > 1 ? " (after " + attempt + " tries)" : ""), null);
    }
  }

  /** One try's outcome: a status and body, or the transport failure. */
  private record Answer(int code, String body, IOException failure) {}

  /** Sends once, within the adaptive in-flight limit; the permit is back before any retry pause. */
  private Answer attempt(Request request, String where) {
    requests.incrementAndGet();
    acquire(where);
    boolean overloaded = true;
    long start = System.nanoTime();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      int code = response.code();
      overloaded = retryable(code, text);
      if (log.isDebugEnabled()) {
        log.debug("{} -> {} in {} ms", where, code, (System.nanoTime() - start) / 1_000_000);
      }
      return new Answer(code, text, null);
    } catch (IOException e) {
      return new Answer(-1, null, e);
    } finally {
      inFlight.release(overloaded);
    }
  }

  private void acquire(String where) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AraException(AraException.Problem.UNREACHABLE, -1, where + " interrupted while waiting to send", e);
    }
  }

  /** {@code api/v1/x} resolved against a base with a path prefix keeps the prefix. */
  private String joinable(String path) {
    String base = settings.server().encodedPath();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return base.endsWith("/") ? base + relative : base + "/" + relative;
  }

  private void retry(int attempt, String where, String why) {
    retried.incrementAndGet();
    pause(retries, attempt, where, why);
  }

  private static void pause(RetryPolicy policy, int attempt, String where, String why) {
    Duration delay = policy.delayAfter(attempt);
    log.debug("{} failed ({}), try {} of {} in {} ms", where, why, attempt + 1, policy.attempts(), delay.toMillis());
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AraException(AraException.Problem.UNREACHABLE, -1, where + " interrupted while waiting to retry", e);
    }
  }

  /**
   * Answers the server gives when it may take the same request later. Every 500 counts: on sqlite
   * it is almost always "database is locked" under concurrent writers, and with ARA_DEBUG off the
   * server's answer does not say so (a plain "Server Error (500)" page).
   */
  static boolean retryable(int code, String body) {
    return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
  }

  /** Transport failures worth another try: the server may be restarting or overloaded. */
  private static boolean retryable(IOException e) {
    return !(e instanceof UnknownHostException);
  }

  private static AraException authentication(AraSettings settings, String where, int code) {
    String fix = settings.authenticates()
        ? "the server refused user '" + settings.username() + "': check ARA_API_USERNAME and ARA_API_PASSWORD"
            + " (or --username / --password)"
        : "the server requires a login: set ARA_API_USERNAME and ARA_API_PASSWORD (or --username / --password)";
    return new AraException(AraException.Problem.AUTHENTICATION, code,
        where + " answered HTTP " + code + ": " + fix, null);
  }

  private static AraException transportFailure(AraSettings settings, String where, IOException e) {
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException || e instanceof SSLException) {
      String fix = settings.server().isHttps()
          ? "if the server's certificate comes from a private CA, set ARA_API_CA (--ca) to its PEM bundle;"
              + " ARA_API_INSECURE=true (--insecure) skips verification"
          : "check the URL scheme";
      return new AraException(AraException.Problem.TLS, -1,
          where + ": TLS failed (" + e.getMessage() + "); " + fix, e);
    }
    if (e instanceof UnknownHostException) {
      return new AraException(AraException.Problem.UNREACHABLE, -1,
          where + ": unknown host '" + settings.server().host() + "'; check ARA_API_SERVER or --to", e);
    }
    String kind = e instanceof ConnectException || e instanceof NoRouteToHostException ? "cannot connect"
        : e instanceof SocketTimeoutException ? "no answer within " + settings.timeout().toSeconds()
            + " s (ARA_API_TIMEOUT, --timeout)"
        : "connection failed";
    return new AraException(AraException.Problem.UNREACHABLE, -1,
        where + ": " + kind + " (" + e + "); is the ARA server running at " + settings.server() + "?", e);
  }

  private static String excerpt(String body) {
    if (body == null || body.isEmpty()) {
      return "empty body";
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  @Override
  public void close() {
    shutdown(http);
  }

  private static void shutdown(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
