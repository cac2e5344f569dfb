package org.arajournal.ara;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * HTTP/1.1 on a new plain socket per request, for an ARA server that closes every connection
 * (Django's runserver, gunicorn's sync workers): there OkHttp's per-call machinery is most of a
 * replay's CPU, and a socket costs about half of it (docs/benchmarks-replay.md). Plain http only;
 * TLS and proxies stay with {@link OkHttpWire}.
 */
final class SocketWire implements HttpWire {
  private static final int MAX_LINE = 64 * 1024;

  private final int timeoutMillis;
  private final String userAgent;
  private final String authorization;
  private final boolean askToClose;

  /**
   * A wire that sends {@code Connection: close} with every request.
   *
   * @param timeout       for connecting and for each read
   * @param authorization the {@code Authorization} header, or null
   */
  SocketWire(Duration timeout, String userAgent, String authorization) {
    this(timeout, userAgent, authorization, true);
  }

  private SocketWire(Duration timeout, String userAgent, String authorization, boolean askToClose) {
    this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    this.userAgent = userAgent;
    this.authorization = authorization;
    this.askToClose = askToClose;
  }

  /**
   * This wire without {@code Connection: close} in its requests, so an answer's own
   * {@link Answer#closesConnection()} tells whether the server keeps connections alive; the socket
   * is still closed after each answer.
   */
  SocketWire lettingTheServerChoose() {
    return new SocketWire(Duration.ofMillis(timeoutMillis), userAgent, authorization, false);
  }

  /** Whether this wire can carry requests to {@code server}: plain http, with no proxy set for it. */
  static boolean reaches(HttpUrl server) {
    if (server.isHttps()) {
      return false;
    }
    ProxySelector proxies = ProxySelector.getDefault();
    if (proxies == null) {
      return true;
    }
    List<Proxy> chosen = proxies.select(URI.create(server.toString()));
    return chosen.isEmpty() || chosen.stream().allMatch(proxy -> proxy.type() == Proxy.Type.DIRECT);
  }

  @Override
  public Answer exchange(String method, HttpUrl url, byte[] json) throws IOException {
    InetSocketAddress address = new InetSocketAddress(url.host(), url.port());
    if (address.isUnresolved()) {
      throw new UnknownHostException(url.host());
    }
    // NO_PROXY: a plain socket, not one that asks the proxy selector again at every connect
    try (Socket socket = new Socket(Proxy.NO_PROXY)) {
      socket.setTcpNoDelay(true);
      socket.connect(address, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      out.write(head(method, url, json).getBytes(StandardCharsets.ISO_8859_1));
      if (json != null) {
        out.write(json);
      }
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream(), 8192), method);
    }
  }

  private String head(String method, HttpUrl url, byte[] json) {
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(url.encodedPath());
    if (url.encodedQuery() != null) {
      head.append('?').append(url.encodedQuery());
    }
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    head.append(" HTTP/1.1\r\nHost: ").append(host);
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      head.append(':').append(url.port());
    }
    head.append("\r\nUser-Agent: ").append(userAgent).append("\r\nAccept: application/json\r\n");
    if (askToClose) {
      head.append("Connection: close\r\n");
    }
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    if (json != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(json.length).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  /** Reads one answer: status line, headers (skipping any 1xx answer before it), body. */
  private static Answer read(InputStream in, String method) throws IOException {
    String status = line(in, true);
    int code = code(status);
    Headers headers = headers(in);
    while (code >= 100 && code < 200) {
      status = line(in, true);
      code = code(status);
      headers = headers(in);
    }
    byte[] body;
    if (method.equals("HEAD") || code == 204 || code == 304) {
      body = new byte[0];
    } else if (headers.chunked) {
      body = chunked(in);
    } else if (headers.contentLength >= 0) {
      body = in.readNBytes(Math.toIntExact(headers.contentLength));
      if (body.length < headers.contentLength) {
        throw new EOFException("the answer was cut short: " + body.length + " of " + headers.contentLength + " bytes");
      }
    } else {
      body = in.readAllBytes(); // HTTP/1.0 style: the answer ends where the server closes
    }
    return new Answer(code, body, headers.server, headers.contentType, headers.close);
  }

  private static int code(String status) throws ProtocolException {
    if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
      throw new ProtocolException("not an HTTP/1 status line: " + RetryingTransport.excerpt(status));
    }
    try {
      return Integer.parseInt(status.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new ProtocolException("not an HTTP/1 status line: " + RetryingTransport.excerpt(status));
    }
  }

  /** The headers this wire acts on; the rest are read past. */
  private static final class Headers {
    long contentLength = -1;
    boolean chunked;
    String server;
    String contentType;
    boolean close;
  }

  private static Headers headers(InputStream in) throws IOException {
    Headers headers = new Headers();
    for (String line = line(in, false); !line.isEmpty(); line = line(in, false)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("not a header line: " + RetryingTransport.excerpt(line));
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> headers.contentLength = contentLength(value);
        case "transfer-encoding" -> headers.chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "server" -> headers.server = value;
        case "content-type" -> headers.contentType = value;
        case "connection" -> headers.close = Answer.saysClose(value);
        default -> { }
      }
    }
    return headers;
  }

  private static long contentLength(String value) throws ProtocolException {
    try {
      long length = Long.parseLong(value);
      if (length >= 0 && length <= Integer.MAX_VALUE) {
        return length;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProtocolException("not a usable Content-Length: " + RetryingTransport.excerpt(value));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in, false);
      int extension = size.indexOf(';');
      int length;
      try {
        length = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("not a chunk size: " + RetryingTransport.excerpt(size));
      }
      if (length < 0) {
        throw new ProtocolException("not a chunk size: " + RetryingTransport.excerpt(size));
      }
      if (length == 0) {
        while (!line(in, false).isEmpty()) {
          // trailers: nothing here acts on them
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(length);
      if (chunk.length < length) {
        throw new EOFException("the answer was cut short inside a chunk: " + chunk.length + " of " + length + " bytes");
      }
      body.write(chunk);
      if (!line(in, false).isEmpty()) {
        throw new ProtocolException("a chunk longer than its size said");
      }
    }
  }

  /**
   * One line without its CRLF (or bare LF). An end of stream before it is an {@link EOFException};
   * {@code first} says the server closed without answering at all.
   */
  private static String line(InputStream in, boolean first) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(first && line.length() == 0 ? "the server closed the connection without an answer"
            : "the answer was cut short in its head");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new ProtocolException("an answer line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  @Override
  public void dropIdleConnections() {
    // nothing is pooled
  }

  @Override
  public void close() {
    // nothing is held between requests
  }
}
