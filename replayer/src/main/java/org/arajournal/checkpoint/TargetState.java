package org.arajournal.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The replay state of one journal on one ARA server, in {@code <state>/<journal-id>/<server-hash>/}:
 * the server's URL ({@code target}), where each run stands ({@code runs}), the events the server
 * refused ({@code dead-letters.jsonl}) and the last error ({@code last-error.json}). Keyed by the
 * journal's id, not its path, so a journal copied elsewhere and copied again keeps its state.
 */
public final class TargetState {
  /** The last thing that went wrong, for {@code status}. */
  public record LastError(Instant at, String message) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String server;
  private final Ledger ledger;
  private final DeadLetters deadLetters;

  private TargetState(Path dir, String server) {
    this.dir = dir;
    this.server = server;
    this.ledger = Ledger.open(dir.resolve("runs"));
    this.deadLetters = new DeadLetters(dir.resolve("dead-letters.jsonl"));
  }

  /** The state of journal {@code journalId} on {@code server}, created if new. */
  public static TargetState open(Path stateDir, String journalId, HttpUrl server) {
    String url = withoutCredentials(server);
    Path dir = stateDir.resolve(journalId).resolve(hash(url));
    try {
      createPrivate(dir);
      AtomicFile target = new AtomicFile(dir.resolve("target"));
      if (target.read().isEmpty()) {
        target.write((url + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the replay state in " + dir + " (" + e.getMessage()
          + "); make it writable, or choose another place with --state DIR", e);
    }
    return new TargetState(dir, url);
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
          states.add(new TargetState(dir, new String(target.get(), StandardCharsets.UTF_8).strip()));
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

  private static void createPrivate(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
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
