package org.arajournal.ara;

import java.io.IOException;
import okhttp3.HttpUrl;

/** Carries one request to the ARA server and brings back its whole answer; every retry is the caller's. */
interface HttpWire extends AutoCloseable {
  /**
   * Sends {@code method url} with {@code json} as its body (none when null) and reads the answer.
   *
   * @throws IOException when no whole answer came back: the request may or may not have reached the server
   */
  Answer exchange(String method, HttpUrl url, byte[] json) throws IOException;

  /** Forgets pooled connections, so the next request opens a new one. */
  void dropIdleConnections();

  @Override
  void close();
}
