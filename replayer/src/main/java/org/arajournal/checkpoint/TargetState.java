package org.arajournal.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import org.arajournal.fs.DurableFiles;

/**
 * The replay state of one journal on one ARA server, in {@code <state>/<journal-id>/<server-hash>/}:
 * the server's URL ({@code target}), where each run stands ({@code runs}), the events the server
 * refused ({@code dead-letters.jsonl}) and the last error ({@code last-error.json}). Keyed by the
 * journal's id, not its path, so a journal copied elsewhere and copied again keeps its state.
 */
public final class TargetState implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TargetState.class);
  /** The file whose lock makes replay of this journal into this server exclusive (see {@link #openForReplay}). */
  static final String LOCK = "replay.lock";

  /** Another process replays this journal into this server now. */
  public static final class AlreadyReplaying extends RuntimeException {
    AlreadyReplaying(String message) {
      super(message, null, false, false);
    }
  }

  /** The last thing that went wrong, for {@code status}. */
  public record LastError(Instant at, String message) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String server;
  private final Ledger ledger;
  private final DeadLetters deadLetters;
  private final List<ReplayLock> locks;

  private TargetState(Path dir, String server, List<ReplayLock> locks) {
    this.dir = dir;
    this.server = server;
    this.locks = locks;
    this.ledger = Ledger.open(dir.resolve("runs"));
    this.deadLetters = new DeadLetters(dir.resolve("dead-letters.jsonl"));
  }

  /** The state of journal {@code journalId} on {@code server}, created if new, for reading. */
  public static TargetState open(Path stateDir, String journalId, HttpUrl server) {
    String url = withoutCredentials(server);
    return new TargetState(prepare(stateDir, journalId, url), url, List.of());
  }

  /**
   * The state of journal {@code journalId} on {@code server} for a replay that writes it, held until
   * {@link #close}: exactly-once holds only while one process replays a journal into a server, so
   * this takes the lock in the state directory before the state is read — and a second lock, per
   * user on this machine, keyed by journal id and server, for a copy of the journal replayed with
   * another {@code --state}. Never waits.
   *
   * @throws AlreadyReplaying naming the process that holds either lock
   */
  public static TargetState openForReplay(Path stateDir, String journalId, HttpUrl server) {
    String url = withoutCredentials(server);
    Path dir = prepare(stateDir, journalId, url);
    List<ReplayLock> locks = new ArrayList<>();
    try {
      locks.add(take(dir.resolve(LOCK), journalId, url, dir));
      machineLock(journalId, url).ifPresent(file -> locks.add(take(file, journalId, url, dir)));
      return new TargetState(dir, url, List.copyOf(locks));
    } catch (RuntimeException e) {
      release(locks);
      throw e;
    }
  }

  private static ReplayLock take(Path file, String journalId, String url, Path stateDir) {
    try {
      return ReplayLock.take(file);
    } catch (ReplayLock.HeldElsewhere e) {
      throw new AlreadyReplaying("another replay (" + e.holder() + ") is replaying journal " + journalId + " into "
          + url + " (lock " + file + "; this replay's state: " + stateDir + "); wait for it to finish, or stop it"
          + " (a `replay --follow` service holds it for as long as it runs)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + " (" + e.getMessage() + "); make " + file.getParent()
          + " writable, or choose another place with --state DIR", e);
    }
  }

  /**
   * Where this user's replays of one journal into one server meet whatever their --state: under the
   * temporary directory, private to the user. Not to be had (a foreign directory there) is no error.
   */
  private static java.util.Optional<Path> machineLock(String journalId, String url) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ara-journal-" + System.getProperty("user.name"));
    try {
      DurableFiles.createPrivateDirectory(dir);
      if (!Files.isWritable(dir) || !Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
        throw new IOException(dir + " is not this user's");
      }
      return java.util.Optional.of(dir.resolve(journalId + "-" + hash(url) + ".lock"));
    } catch (IOException e) {
      log.warn("cannot use {} for the per-machine replay lock ({}); only the state directory's lock guards this"
          + " replay", dir, e.getMessage());
      return java.util.Optional.empty();
    }
  }

  private static Path prepare(Path stateDir, String journalId, String url) {
    Path dir = stateDir.resolve(journalId).resolve(hash(url));
    try {
      DurableFiles.createPrivateDirectory(dir);
      AtomicFile target = new AtomicFile(dir.resolve("target"));
      if (target.read().isEmpty()) {
        target.write((url + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the replay state in " + dir + " (" + e.getMessage()
          + "); make it writable, or choose another place with --state DIR", e);
    }
    return dir;
  }

  /** The replay that holds this state now, if one does; only probes the lock. */
  public java.util.Optional<ReplayLock.Holder> replayRunning() throws IOException {
    return ReplayLock.holder(dir.resolve(LOCK));
  }

  /** Lets the next replay of this journal into this server begin. */
  @Override
  public void close() {
    release(locks);
  }

  private static void release(List<ReplayLock> locks) {
    for (ReplayLock lock : locks) {
      try {
        lock.close();
      } catch (IOException e) {
        log.debug("releasing a replay lock: {}", e.toString()); // the OS drops it at exit anyway
      }
    }
  }

  /** The states of journal {@code journalId} on every server it was replayed to. */
  public static List<TargetState> all(Path stateDir, String journalId) throws IOException {
    Path journalState = stateDir.resolve(journalId);
    List<TargetState> states = new ArrayList<>();
    if (!Files.isDirectory(journalState)) {
      return states;
    }
    try (Stream<Path> dirs = Files.list(journalState)) {
      for (Path dir : dirs.sorted().toList()) {
        Optional<byte[]> target = new AtomicFile(dir.resolve("target")).read();
        if (target.isPresent()) {
          states.add(new TargetState(dir, new String(target.get(), StandardCharsets.UTF_8).strip(), List.of()));
        }
      }
    }
    return states;
  }

  public String server() {
    return server;
  }

  public Path dir() {
    return dir;
  }

  public Ledger ledger() {
    return ledger;
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Remembers {@code message} as the last error, replacing the previous one atomically. */
  public void lastError(String message, Instant at) throws IOException {
    byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().put("at", at.toString()).put("message", message));
    new AtomicFile(dir.resolve("last-error.json")).write(json);
  }

  public Optional<LastError> lastError() throws IOException {
    Optional<byte[]> data = new AtomicFile(dir.resolve("last-error.json")).read();
    if (data.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(data.get());
    return Optional.of(new LastError(Instant.parse(node.path("at").asText()), node.path("message").asText()));
  }

  private static String withoutCredentials(HttpUrl server) {
    return server.newBuilder().username("").password("").build().toString();
  }

  private static String hash(String url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
