package org.arajournal.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ARA as it is deployed in production: Debian {@code gunicorn} (4 sync workers) serving
 * {@code ara.server.wsgi} on a private PostgreSQL cluster (Debian {@code postgresql}, never the
 * system one) with persistent database connections, both on free loopback ports in a temp
 * directory; stopped and removed on close.
 */
public final class AraPostgresServer implements AutoCloseable {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration START = Duration.ofSeconds(60);

  private final Path dir;
  private final PostgresCluster database;
  private final int port;
  private Process gunicorn;

  private AraPostgresServer(Path dir, PostgresCluster database, int port) {
    this.dir = dir;
    this.database = database;
    this.port = port;
  }

  /** Creates a cluster and an ARA database in a new temp directory, migrates it and serves it. */
  public static AraPostgresServer start() {
    Path gunicorn = Tools.require("gunicorn", "gunicorn");
    requirePsycopg2();
    Path dir = tempDir();
    PostgresCluster database = PostgresCluster.start(dir.resolve("pg"));
    AraPostgresServer server = new AraPostgresServer(dir, database, AraServer.freePort());
    try {
      server.migrate();
      server.serve(gunicorn);
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** gunicorn's log and PostgreSQL's, for failure messages. */
  public String serverLog() {
    return "gunicorn:\n" + read(dir.resolve("gunicorn.log")) + "\npostgres:\n" + database.log();
  }

  /** The environment ARA's settings read: base directory and the cluster's database. */
  private Map<String, String> araEnv() {
    return Map.of("ARA_BASE_DIR", dir.resolve("ara").toString(), "ARA_DEBUG", "false", "ARA_LOG_LEVEL", "WARNING",
        "ARA_DATABASE_ENGINE", "django.db.backends.postgresql", "ARA_DATABASE_NAME", PostgresCluster.DATABASE,
        "ARA_DATABASE_USER", PostgresCluster.USER, "ARA_DATABASE_HOST", "127.0.0.1",
        "ARA_DATABASE_PORT", Integer.toString(database.port()),
        // Persistent connections, as production servers are tuned: without them every request opens one.
        "ARA_DATABASE_CONN_MAX_AGE", "60",
        "DJANGO_SETTINGS_MODULE", "ara.server.settings");
  }

  /** ara-manage 1.5.8 refuses Debian's psycopg2 2.9 by an outdated version check; Django's own command does not. */
  private void migrate() {
    mkdir(dir.resolve("ara"));
    Processes.Result migrate = Processes.run(List.of(PYTHON, "-m", "django", "migrate"), araEnv(), dir, Duration.ofMinutes(3));
    if (migrate.exitCode() != 0) {
      throw new AssertionError("migrating ARA's PostgreSQL database failed in " + dir + ":\n" + migrate.output()
          + "\n" + serverLog());
    }
  }

  private void serve(Path gunicornBin) {
    try {
      gunicorn = Processes.start(List.of(gunicornBin.toString(), "--workers", "4", "--bind", "127.0.0.1:" + port,
          "ara.server.wsgi"), araEnv(), dir, dir.resolve("gunicorn.log").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + gunicornBin + " in " + dir, e);
    }
    await("ARA under gunicorn on " + url()).atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!gunicorn.isAlive()) {
        throw new AssertionError("gunicorn exited:\n" + serverLog());
      }
      return status(url() + "/api/") == 200;
    });
  }

  private static int status(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      return connection.getResponseCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void requirePsycopg2() {
    Processes.Result probe = Processes.run(List.of(PYTHON, "-c", "import psycopg2"), Map.of(), null,
        Duration.ofSeconds(30));
    if (probe.exitCode() != 0) {
      throw new AssertionError("ARA cannot reach PostgreSQL without psycopg2 (" + probe.output().trim()
          + "); install it: apt-get install -y python3-psycopg2 (.ci/run does this)");
    }
  }

  /** Its own directory, not a test's {@code @TempDir}: the cluster's owner must be able to reach it. */
  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("ara-postgres");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp directory for ARA on PostgreSQL", e);
    }
  }

  private static Path mkdir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops gunicorn, then the cluster, then removes the directory. */
  @Override
  public void close() {
    if (gunicorn != null) {
      Stop.process(gunicorn);
    }
    database.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  /** Terminates a process and its children, forcibly after a grace period. */
  private static final class Stop {
    static void process(Process process) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(15, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A private PostgreSQL cluster ({@code initdb}) in a directory, served on a free loopback port with
   * its socket in that directory. PostgreSQL refuses to run as root, so as root it runs as the
   * {@code postgres} user the Debian package creates.
   */
  static final class PostgresCluster implements AutoCloseable {
    static final String USER = "ara";
    static final String DATABASE = "ara";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final Process postgres;

    private PostgresCluster(Path dir, Path bin, int port, Process postgres) {
      this.dir = dir;
      this.bin = bin;
      this.port = port;
      this.postgres = postgres;
    }

    static PostgresCluster start(Path dir) {
      Path bin = binDir();
      mkdir(dir);
      asOwner(dir);
      Path data = dir.resolve("data");
      run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
          "--no-sync"), dir);
      int port = AraServer.freePort();
      Process postgres;
      try {
        // fsync off: a test's database need not survive a crash of the machine, and the disk is shared.
        postgres = Processes.start(asOwner(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
            "-h", "127.0.0.1", "-p", Integer.toString(port), "-k", dir.toString(), "-c", "fsync=off")), Map.of(),
            dir, dir.resolve("postgres.log").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start postgres in " + dir, e);
      }
      PostgresCluster cluster = new PostgresCluster(dir, bin, port, postgres);
      try {
        await("PostgreSQL on 127.0.0.1:" + port).atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
          if (!postgres.isAlive()) {
            throw new AssertionError("postgres exited:\n" + cluster.log());
          }
          return Processes.run(List.of(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p",
              Integer.toString(port)), Map.of(), dir, Duration.ofSeconds(10)).exitCode() == 0;
        });
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER,
            DATABASE), dir);
        return cluster;
      } catch (RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
    }

    int port() {
      return port;
    }

    String log() {
      return read(dir.resolve("postgres.log"));
    }

    /** Fast shutdown (active connections are cut), then the process is gone. */
    @Override
    public void close() {
      if (postgres.isAlive()) {
        Processes.run(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
            "-m", "fast", "-w", "-t", "30", "stop")), Map.of(), dir, Duration.ofSeconds(60));
      }
      Stop.process(postgres);
    }

    /** The newest PostgreSQL's programs Debian installed (under /usr/lib/postgresql/VERSION/bin). */
    private static Path binDir() {
      Path root = Paths.get("/usr/lib/postgresql");
      List<Path> found = new ArrayList<>();
      if (Files.isDirectory(root)) {
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
          versions.forEach(v -> {
            if (Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/postgres"))) {
              found.add(v.resolve("bin"));
            }
          });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + root, e);
        }
      }
      return found.stream().max(Comparator.comparing((Path p) -> version(p.getParent().getFileName().toString())))
          .orElseThrow(() -> new AssertionError("no PostgreSQL server under " + root
              + " (initdb, postgres); install it: apt-get install -y postgresql (.ci/run does this)"));
    }

    private static int version(String name) {
      try {
        return Integer.parseInt(name.replaceAll("\\..*", ""));
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private static boolean root() {
      return "root".equals(System.getProperty("user.name"));
    }

    /** As root, the command run as {@code postgres} (setpriv execs it, so signals reach postgres itself). */
    private static List<String> asOwner(List<String> command) {
      if (!root()) {
        return command;
      }
      List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
          "--clear-groups", "--"));
      wrapped.addAll(command);
      return wrapped;
    }

    private static void asOwner(Path dir) {
      if (root()) {
        Processes.Result chown = Processes.run(List.of("chown", "postgres:", dir.toString()), Map.of(), dir,
            Duration.ofSeconds(30));
        if (chown.exitCode() != 0) {
          throw new AssertionError("PostgreSQL refuses to run as root and its user cannot own " + dir + ": "
              + chown.output() + "; the Debian package postgresql creates the user postgres");
        }
      }
    }

    private static void run(List<String> command, Path dir) {
      Processes.Result result = Processes.run(asOwner(command), Map.of(), dir, Duration.ofMinutes(2));
      if (result.exitCode() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
            + result.output());
      }
    }
  }
}
