package org.arajournal.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which runs of a journal were delivered to which ARA server, so that replaying again sends only
 * the new ones: {@code <journal>/replayed/<server-hash>.runs}, one "run playbook-id" line per run.
 */
public final class Ledger {
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);

  private final Path file;
  private final Set<UUID> delivered;
  private boolean writable = true;

  private Ledger(Path file, Set<UUID> delivered) {
    this.file = file;
    this.delivered = delivered;
  }

  /** The ledger of {@code journalDir} for {@code server}. */
  public static Ledger open(Path journalDir, HttpUrl server) {
    Path file = journalDir.resolve("replayed").resolve(hash(server) + ".runs");
    Set<UUID> delivered = new HashSet<>();
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] parts = line.trim().split("\\s+");
          if (parts.length >= 1 && !parts[0].isEmpty()) {
            try {
              delivered.add(UUID.fromString(parts[0]));
            } catch (IllegalArgumentException torn) {
              log.warn("ignoring a damaged line in {}: '{}'", file, line);
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the replay ledger " + file + ": " + e.getMessage()
            + "; fix its permissions, or delete it to replay every run again", e);
      }
    }
    return new Ledger(file, delivered);
  }

  public synchronized boolean delivered(UUID run) {
    return delivered.contains(run);
  }

  /** Notes that {@code run} is complete in ARA as {@code playbookId}; survives a crash right after. */
  public synchronized void record(UUID run, long playbookId, HttpUrl server) {
    delivered.add(run);
    if (!writable) {
      return;
    }
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        channel.write(ByteBuffer.wrap((run + " " + playbookId + " " + server + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
      }
    } catch (IOException e) {
      writable = false;
      log.warn("cannot write the replay ledger {} ({}); a later replay to {} will send these runs again", file,
          e.getMessage(), server);
    }
  }

  public Path file() {
    return file;
  }

  private static String hash(HttpUrl server) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(server.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
