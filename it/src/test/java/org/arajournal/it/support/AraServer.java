package org.arajournal.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real ARA API server (Debian {@code ara-server}, sqlite) on a free loopback port, with its own
 * base directory; stopped on close.
 */
public final class AraServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path baseDir;
  private final File log;

  private AraServer(Process process, int port, Path baseDir, File log) {
    this.process = process;
    this.port = port;
    this.baseDir = baseDir;
    this.log = log;
  }

  /** Migrates a fresh database in {@code baseDir} and serves it on a free 127.0.0.1 port. */
  public static AraServer start(Path baseDir) {
    return migrate(baseDir).serve(freePort());
  }

  /** A migrated base directory, not served yet: lets a test choose when (and on which port) it comes up. */
  public static Migrated migrate(Path baseDir) {
    Path araManage = Tools.require("ara-manage", "ara-server");
    Map<String, String> env = Map.of("ARA_BASE_DIR", baseDir.toString(), "ARA_DEBUG", "false",
        "ARA_LOG_LEVEL", "WARNING");
    Processes.Result migrate = Processes.run(List.of(araManage.toString(), "migrate"), env, baseDir,
        Duration.ofMinutes(3));
    if (migrate.exitCode() != 0) {
      throw new AssertionError("ara-manage migrate failed in " + baseDir + ":\n" + migrate.output());
    }
    return new Migrated(araManage, env, baseDir);
  }

  /** A base directory with a migrated database. */
  public record Migrated(Path araManage, Map<String, String> env, Path baseDir) {
    /** Serves it on 127.0.0.1:{@code port}, returning once the API answers. */
    public AraServer serve(int port) {
      try {
        File log = baseDir.resolve("server.log").toFile();
        Process process = Processes.start(List.of(araManage.toString(), "runserver", "--noreload",
            "127.0.0.1:" + port), env, baseDir, log);
        AraServer server = new AraServer(process, port, baseDir, log);
        server.awaitUp();
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start ara-manage runserver in " + baseDir, e);
      }
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path baseDir() {
    return baseDir;
  }

  private void awaitUp() {
    try {
      await("ARA server on " + url()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("ara-manage runserver exited:\n" + serverLog());
            }
            return status("/api/") == 200;
          });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private int status(String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      return connection.getResponseCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The server's own log, for failure messages. */
  public String serverLog() {
    try {
      return Files.readString(log.toPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A port nothing listens on right now, on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server;. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
