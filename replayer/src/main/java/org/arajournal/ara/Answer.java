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
  /** The body as text, for messages. */
  String body() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
