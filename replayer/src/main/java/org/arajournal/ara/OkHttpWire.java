package org.arajournal.ara;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Requests through OkHttp: keep-alive connections, TLS, proxies; or, {@link #closingEach()}, a new
 * connection per request for a server whose keep-alive is slow (Django's runserver over TLS or a proxy).
 */
final class OkHttpWire implements HttpWire {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String userAgent;
  private final String authorization;
  private final boolean closeEach;

  private OkHttpWire(OkHttpClient http, String userAgent, String authorization, boolean closeEach) {
    this.http = http;
    this.userAgent = userAgent;
    this.authorization = authorization;
    this.closeEach = closeEach;
  }

  /** A wire to the server of {@code settings} that keeps up to {@code connections} connections alive. */
  static OkHttpWire keepingAlive(AraSettings settings, int connections, String userAgent) {
    Duration timeout = settings.timeout();
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        // RetryingTransport owns every retry: OkHttp's own would resend POSTs uncounted and unbounded.
        .retryOnConnectionFailure(false)
        // Happy-eyeballs races connects on background threads: two thread hand-offs per new connection.
        .fastFallback(false)
        .followRedirects(false);
    if (settings.server().isHttps()) {
      Tls tls = Tls.of(settings);
      builder.sslSocketFactory(tls.socketFactory(), tls.trustManager());
      if (tls.insecure()) {
        builder.hostnameVerifier((host, session) -> true);
      }
    }
    return new OkHttpWire(builder.build(), userAgent, basicAuthorization(settings), false);
  }

  /**
   * The {@code Authorization} header of {@code settings}' credentials, or null without them. Sent
   * preemptively, like requests' HTTPBasicAuth in ARA's client: no 401 round trip per request.
   */
  static String basicAuthorization(AraSettings settings) {
    return settings.authenticates()
        ? Credentials.basic(settings.username(), settings.password(), StandardCharsets.UTF_8) : null;
  }

  /** This wire, sending {@code Connection: close} with every request; it shares this one's client. */
  OkHttpWire closingEach() {
    return new OkHttpWire(http, userAgent, authorization, true);
  }

  @Override
  public Answer exchange(String method, HttpUrl url, byte[] json) throws IOException {
    Request.Builder request = new Request.Builder().url(url)
        .header("Accept", "application/json").header("User-Agent", userAgent)
        .method(method, json == null ? null : RequestBody.create(json, JSON));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (closeEach) {
      request.header("Connection", "close");
    }
    try (Response response = http.newCall(request.build()).execute()) {
      byte[] bytes = response.body().bytes();
      return new Answer(response.code(), bytes, response.header("Server"), response.header("Content-Type"),
          Answer.saysClose(response.header("Connection")));
    }
  }

  @Override
  public void dropIdleConnections() {
    http.connectionPool().evictAll();
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
