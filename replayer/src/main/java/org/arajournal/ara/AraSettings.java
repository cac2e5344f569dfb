package org.arajournal.ara;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * How to reach an ARA API server: the settings ARA's own callback takes ({@code ARA_API_*} and
 * {@code [ara]} in ansible.cfg). Its {@link #toString()} never shows the password.
 *
 * @param server   base URL, e.g. {@code http://127.0.0.1:8000} (no credentials in it)
 * @param username basic-auth user, or null
 * @param password basic-auth password, or null
 * @param timeout  per-request timeout (connect, read, write)
 * @param ca       PEM bundle of the certificate authorities to trust instead of the system's, or null
 * @param cert     PEM client certificate, or null; needs {@code key}
 * @param key      PEM (PKCS#8 or PKCS#1 RSA) private key of {@code cert}, or null
 * @param insecure accept any server certificate and host name
 */
public record AraSettings(
    HttpUrl server,
    String username,
    String password,
    Duration timeout,
    Path ca,
    Path cert,
    Path key,
    boolean insecure) {

  /** ARA's default server, as in its callback. */
  public static final String DEFAULT_SERVER = "http://127.0.0.1:8000";

  /** ARA's default request timeout (seconds), as in its callback. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public AraSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(timeout, "timeout");
    if (!server.username().isEmpty() || !server.password().isEmpty()) {
      throw new IllegalArgumentException(
          "the server URL " + server.redact() + " carries credentials; pass them as ARA_API_USERNAME"
              + " / ARA_API_PASSWORD (or --username / --password) instead");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs its key and a key needs its certificate: set both ARA_API_CERT and"
              + " ARA_API_KEY (--cert and --key), got cert=" + cert + ", key=" + key);
    }
    if ((username == null || username.isEmpty()) != (password == null || password.isEmpty())) {
      throw new IllegalArgumentException(
          "basic authentication needs both a username and a password (ARA_API_USERNAME and"
              + " ARA_API_PASSWORD, or --username and --password); only one is set");
    }
  }

  /** Parses a server URL as users write it, e.g. {@code https://ara.example.org}. */
  public static HttpUrl parseServer(String url) {
    HttpUrl parsed = HttpUrl.parse(url == null ? "" : url.trim());
    if (parsed == null) {
      throw new IllegalArgumentException(
          "the ARA server '" + url + "' is not an http:// or https:// URL, e.g. " + DEFAULT_SERVER);
    }
    return parsed;
  }

  /** Whether requests carry basic authentication. */
  public boolean authenticates() {
    return username != null && !username.isEmpty();
  }

  @Override
  public String toString() {
    return "AraSettings[server=" + server + ", username=" + username
        + ", password=" + (password == null ? "unset" : "(hidden)") + ", timeout=" + timeout
        + ", ca=" + ca + ", cert=" + cert + ", key=" + key + ", insecure=" + insecure + "]";
  }
}
