package org.arajournal.ara;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one ARA API server: JSON over HTTP with ARA's authentication and TLS settings,
 * retries of what the server may take later (outages included, see {@link RetryingTransport}),
 * and errors that say what to fix. Thread-safe; one instance serves every worker.
 */
public final class AraClient implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(AraClient.class);
  private static final String USER_AGENT = "ara-journal/" + org.arajournal.Version.number() + " (replay)";

  private final AraSettings settings;
  private final RetryingTransport transport;
  private final ObjectMapper mapper;
  private final AraVersion version;
  private final boolean closeEach;
  private final AnswerReader answers;

  private AraClient(AraSettings settings, RetryingTransport transport, ObjectMapper mapper, AraVersion version,
      boolean closeEach) {
    this.settings = settings;
    this.transport = transport;
    this.mapper = mapper;
    this.version = version;
    this.closeEach = closeEach;
    this.answers = new AnswerReader(mapper);
  }

  /**
   * Connects to the server of {@code settings}, checks that it is an ARA API this replayer speaks
   * and reads its version. A server that cannot be reached yet is waited for as {@code retries}
   * says (by default without limit), like any request.
   *
   * @param connections how many requests may be in flight at once (the worker count)
   * @throws AraException saying why the server cannot be used
   */
  public static AraClient connect(AraSettings settings, int connections, ConnectionMode mode, RetryPolicy retries) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1, was " + connections);
    }
    // Over plain http the first request goes through a socket: for a server that closes every
    // connection (the usual ARA deployments), OkHttp and its TLS set-up are then never loaded.
    boolean plain = SocketWire.reaches(settings.server());
    String authorization = OkHttpWire.basicAuthorization(settings);
    SocketWire socket = plain ? new SocketWire(settings.timeout(), USER_AGENT, authorization) : null;
    OkHttpWire okHttp = plain ? null : OkHttpWire.keepingAlive(settings, connections, USER_AGENT);
    HttpWire first = plain ? socket.lettingTheServerChoose() : okHttp;
    ObjectMapper mapper = new ObjectMapper();
    try {
      RetryingTransport probing = new RetryingTransport(settings, first, retries, connections);
      Handshake handshake = handshake(settings, probing, mapper);
      boolean closeEach = switch (mode) {
        case CLOSE -> true;
        case KEEP_ALIVE -> false;
        case AUTO -> handshake.developmentServer() || handshake.closesConnections();
      };
      HttpWire wire = plain
          ? closeEach ? socket : OkHttpWire.keepingAlive(settings, connections, USER_AGENT)
          : closeEach ? okHttp.closingEach() : okHttp;
      log.info("ARA {} at {} ({}; {})", handshake.version(), settings.server(),
          handshake.serverHeader() == null ? "server unnamed" : handshake.serverHeader(),
          !closeEach ? "keep-alive connections"
              : wire == socket ? "a new plain socket per request" : "a new connection per request");
      return new AraClient(settings, probing.over(wire), mapper, handshake.version(), closeEach);
    } catch (RuntimeException e) {
      first.close();
      throw e;
    }
  }

  private record Handshake(AraVersion version, String serverHeader, boolean developmentServer,
      boolean closesConnections) {}

  private static Handshake handshake(AraSettings settings, RetryingTransport transport, ObjectMapper mapper) {
    HttpUrl url = settings.server().newBuilder().addPathSegments("api/").build();
    String where = "GET " + url;
    Answer response = transport.execute("GET", url, null, where, null);
    String body = response.body();
    int code = response.code();
    if (code == 401 || code == 403) {
      throw authentication(settings, where, code);
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
              + (response.contentType() == null ? "without a content type" : response.contentType())
              + " (" + excerpt(body) + ")."
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
    String server = response.server();
    return new Handshake(version, server, server != null && server.startsWith("WSGIServer/"),
        response.closesConnection());
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
    return transport.requests();
  }

  /** Requests that were sent again after a retryable failure. */
  public long retries() {
    return transport.retries();
  }

  /** The JSON mapper requests are written with; use it to build bodies. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * {@code POST path} with a JSON body; returns the created (or found) object.
   *
   * <p>A create that also sets a many-to-many relation ({@link #RELATION_SET_AFTER_CREATE}) is
   * sent as the create without it, then a {@code PATCH} of the relation: ARA (Django in autocommit,
   * no transaction per request) inserts the row, then the relation's rows in separate statements,
   * so a sqlite "database is locked" on the relation answers 500 with the row already committed,
   * and retrying the whole POST would duplicate it. Split, each request is safe to retry: the
   * create is one statement (rolled back when locked), the PATCH sets the same relation again.
   */
  public JsonNode post(String path, ObjectNode body) {
    return create(path, body, null);
  }

  /**
   * Finds the record an earlier create made, for a create whose answer was lost (connection reset,
   * truncated answer, timeout, 5xx): ARA has no idempotency keys, so only the record's natural key
   * tells whether sending it again would make a duplicate.
   */
  @FunctionalInterface
  public interface Lookup {
    /** The record as the server has it, or empty when it does not exist. */
    Optional<JsonNode> find();
  }

  /**
   * {@link #post} for a record ARA would store twice if it were sent twice (playbooks, plays, tasks,
   * results): when an answer is lost, {@code lookup} runs before the next try, and a record it
   * finds is returned instead of being created again.
   */
  public JsonNode create(String path, ObjectNode body, Lookup lookup) {
    String relation = RELATION_SET_AFTER_CREATE.get(collection(path));
    if (relation == null || !body.path(relation).isArray() || body.path(relation).isEmpty()) {
      return send("POST", path, body, lookup);
    }
    ObjectNode row = body.deepCopy();
    JsonNode related = row.remove(relation);
    JsonNode created = send("POST", path, row, lookup);
    JsonNode id = created.get("id");
    if (id == null || !id.canConvertToLong()) {
      throw new AraException(AraException.Problem.NOT_ARA, -1, "POST " + path + " answered without an id: "
          + excerpt(created.toString()), null);
    }
    ObjectNode patch = mapper.createObjectNode();
    patch.set(relation, related);
    return send("PATCH", stripSlashes(path) + "/" + id.asLong(), patch, null);
  }

  /** Collections whose create sets a many-to-many relation after inserting the row, and that relation. */
  private static final Map<String, String> RELATION_SET_AFTER_CREATE =
      Map.of("api/v1/results", "delegated_to", "api/v1/playbooks", "labels");

  private static String collection(String path) {
    int query = path.indexOf('?');
    return stripSlashes(query < 0 ? path : path.substring(0, query)).replaceFirst("^/", "");
  }

  private static String stripSlashes(String path) {
    String stripped = path;
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }

  /** {@code PATCH path} with a JSON body; returns the updated object. */
  public JsonNode patch(String path, ObjectNode body) {
    return send("PATCH", path, body, null);
  }

  /** {@code GET path} (path may carry a query); returns the JSON answer. */
  public JsonNode get(String path) {
    return send("GET", path, null, null);
  }

  /**
   * Every object of a list endpoint ({@code path} may carry filters), page by page: a playbook can
   * hold more results than one page.
   */
  public List<JsonNode> list(String path) {
    List<JsonNode> all = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    while (true) {
      JsonNode page = get(path + separator + "limit=" + PAGE + "&offset=" + all.size());
      JsonNode results = page.path("results");
      if (!results.isArray()) {
        throw new AraException(AraException.Problem.NOT_ARA, 200, "GET " + path + " answered without a results list: "
            + excerpt(page.toString()), null);
      }
      results.forEach(all::add);
      // a server may cap the page size below PAGE: the count says when the list is complete
      if (results.isEmpty() || all.size() >= page.path("count").asLong(0)) {
        return all;
      }
    }
  }

  private static final int PAGE = 500;

  private JsonNode send(String method, String path, ObjectNode body, Lookup lookup) {
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
    String where = method + " " + url;
    RetryingTransport.Recheck recheck = lookup == null ? null : () -> lookup.find()
        .map(found -> new Answer(200, found.toString().getBytes(StandardCharsets.UTF_8), null, "application/json", false))
        .orElse(null);
    Answer answer = transport.execute(method, url, json, where, recheck);
    int code = answer.code();
    if (code >= 200 && code < 300) {
      try {
        return answers.read(answer.bytes());
      } catch (JsonProcessingException e) {
        throw new AraException(AraException.Problem.NOT_ARA, code,
            where + " answered something that is not JSON: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException("reading the answer to " + where, e);
      }
    }
    String text = answer.body();
    if (code == 401 || code == 403) {
      // never retried: another try with the same credentials gets the same answer
      throw authentication(settings, where, code);
    }
    throw new AraException(AraException.Problem.HTTP, code, where + " failed with HTTP " + code + ": " + excerpt(text), null);
  }

  /** {@code api/v1/x} resolved against a base with a path prefix keeps the prefix. */
  private String joinable(String path) {
    String base = settings.server().encodedPath();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return base.endsWith("/") ? base + relative : base + "/" + relative;
  }

  private static AraException authentication(AraSettings settings, String where, int code) {
    String fix = settings.authenticates()
        ? "the server refused user '" + settings.username() + "': check ARA_API_USERNAME and ARA_API_PASSWORD"
            + " (or --username / --password)"
        : "the server requires a login: set ARA_API_USERNAME and ARA_API_PASSWORD (or --username / --password)";
    return new AraException(AraException.Problem.AUTHENTICATION, code,
        where + " answered HTTP " + code + ": " + fix, null);
  }

  private static String excerpt(String body) {
    return RetryingTransport.excerpt(body);
  }

  /** What carries this client's requests. */
  HttpWire wire() {
    return transport.wire();
  }

  @Override
  public void close() {
    transport.wire().close();
  }
}
