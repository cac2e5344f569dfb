package org.arajournal.ara;

/**
 * Whether requests reuse connections. Django's development server ({@code ara-manage runserver})
 * stalls about 40 ms on every request of a reused connection (Nagle meets delayed ACK), so a fresh
 * connection per request is several times faster there; production servers prefer keep-alive.
 */
public enum ConnectionMode {
  /**
   * Decide from the server: a new connection per request for Django's runserver and for a server
   * that answers {@code Connection: close} (gunicorn's sync workers), keep-alive otherwise.
   */
  AUTO,
  /** Reuse connections (HTTP keep-alive), pooled per worker thread. */
  KEEP_ALIVE,
  /**
   * Send {@code Connection: close}: one connection per request, over a plain socket
   * ({@link SocketWire}) where the server is plain http without a proxy.
   */
  CLOSE
}
