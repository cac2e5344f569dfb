package org.arajournal.ara;

import java.nio.charset.StandardCharsets;

/**
 * The server's whole answer to one request.
 *
 * @param server           the {@code Server} header, or null
 * @param contentType      the {@code Content-Type} header, or null
 * @param closesConnection whether the server said {@code Connection: close}: it will not reuse
 *                         connections (gunicorn's sync workers), so each request needs a new one
 */
record Answer(int code, byte[] bytes, String server, String contentType, boolean closesConnection) {
  /** Whether a {@code Connection} header's value (null when absent) says the server closes the connection. */
  static boolean saysClose(String connection) {
    return connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close");
  }

  /** The body as text, for messages. */
  String body() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
