package org.arajournal.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads what an ARA server holds through its REST API ({@code /api/v1}), for assertions. */
public final class AraApi {
  private static final int PAGE = 500;

  private final URI base;
  private final ObjectMapper json = new ObjectMapper();

  /** @param serverUrl the server's root, e.g. {@code http://127.0.0.1:8000} */
  public AraApi(String serverUrl) {
    URI parsed = URI.create(serverUrl);
    if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
      throw new IllegalArgumentException("not an http(s) URL: '" + serverUrl + "'; pass e.g. http://127.0.0.1:8000");
    }
    this.base = parsed;
  }

  /**
   * The document at {@code path}: absolute ({@code /api/v1/results/3}) or relative to {@code /api/v1/}
   * ({@code results/3}, {@code tasks?playbook=1}).
   */
  public JsonNode get(String path) {
    return get(base.resolve(path.startsWith("/") ? path : "/api/v1/" + path));
  }

  /**
   * Every item of a list endpoint such as {@code results?order=id&playbook=1}, following pagination,
   * in the server's order.
   */
  public List<JsonNode> list(String endpointAndQuery) {
    String separator = endpointAndQuery.contains("?") ? "&" : "?";
    List<JsonNode> items = new ArrayList<>();
    URI next = base.resolve("/api/v1/" + endpointAndQuery + separator + "limit=" + PAGE);
    while (next != null) {
      JsonNode page = get(next);
      page.path("results").forEach(items::add);
      JsonNode link = page.path("next");
      next = link.isTextual() ? URI.create(link.asText()) : null;
    }
    return items;
  }

  /** Every item of the list endpoint {@code /api/v1/<endpoint>} filtered by name/value pairs. */
  public List<JsonNode> list(String endpoint, String... query) {
    if (query.length % 2 != 0) {
      throw new IllegalArgumentException("query must be name/value pairs, got " + List.of(query));
    }
    StringBuilder path = new StringBuilder(endpoint);
    for (int i = 0; i < query.length; i += 2) {
      path.append(i == 0 ? '?' : '&').append(encode(query[i])).append('=').append(encode(query[i + 1]));
    }
    return list(path.toString());
  }

  /** The {@code count} of a list endpoint, e.g. {@code results?playbook=1&status=ok}. */
  public long count(String endpointAndQuery) {
    String separator = endpointAndQuery.contains("?") ? "&" : "?";
    return get(endpointAndQuery + separator + "limit=1").path("count").asLong();
  }

  /** The one playbook the server holds; fails if it holds another number. */
  public JsonNode onlyPlaybook() {
    JsonNode list = get("playbooks");
    if (list.path("count").asInt() != 1) {
      throw new AssertionError("expected one playbook in ARA, found: " + list.toPrettyString());
    }
    return list.path("results").get(0);
  }

  /** A timestamp field of an ARA object, or null. */
  public static Instant time(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : Instant.parse(value.asText());
  }

  private JsonNode get(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(60_000);
      connection.setRequestProperty("Accept", "application/json");
      // A new connection per request: ara-manage runserver stalls ~40 ms on every reused connection
      // (Nagle meets delayed ACK), which would make reading a big playbook crawl.
      connection.setRequestProperty("Connection", "close");
      int code = connection.getResponseCode();
      if (code != 200) {
        InputStream error = connection.getErrorStream();
        String body = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
        throw new AssertionError("GET " + uri + " answered HTTP " + code + ": " + body);
      }
      try (InputStream in = connection.getInputStream()) {
        return json.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed; is the ARA server up?", e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
