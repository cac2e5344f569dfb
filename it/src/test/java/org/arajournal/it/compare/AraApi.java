package org.arajournal.it.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads ARA's REST API ({@code /api/v1}): single documents and every page of a list. */
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

  /** The document at {@code path} (e.g. {@code /api/v1/results/3}). */
  public JsonNode get(String path) {
    return get(base.resolve(path));
  }

  /** Every item of the list endpoint {@code /api/v1/<endpoint>}, following pagination, in server order. */
  public List<JsonNode> list(String endpoint, String... query) {
    if (query.length % 2 != 0) {
      throw new IllegalArgumentException("query must be name/value pairs, got " + List.of(query));
    }
    StringBuilder path = new StringBuilder("/api/v1/").append(endpoint).append("?limit=").append(PAGE);
    for (int i = 0; i < query.length; i += 2) {
      path.append('&').append(encode(query[i])).append('=').append(encode(query[i + 1]));
    }
    List<JsonNode> items = new ArrayList<>();
    URI next = base.resolve(path.toString());
    while (next != null) {
      JsonNode page = get(next);
      page.path("results").forEach(items::add);
      JsonNode link = page.path("next");
      next = link.isTextual() ? URI.create(link.asText()) : null;
    }
    return items;
  }

  private JsonNode get(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(60_000);
      connection.setRequestProperty("Accept", "application/json");
      // A new connection per request: ara-manage runserver stalls ~40 ms on every reused connection
      // (Nagle meets delayed ACK), which would make a snapshot of a big playbook crawl.
      connection.setRequestProperty("Connection", "close");
      int code = connection.getResponseCode();
      if (code != 200) {
        InputStream error = connection.getErrorStream();
        String body = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
        throw new IllegalStateException("GET " + uri + " answered HTTP " + code + ": " + body);
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
