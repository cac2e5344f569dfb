package org.arajournal.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.arajournal.fs.DurableFiles;

/**
 * Where a journal's recorders write it — this machine and this directory, or elsewhere — so that a
 * replay can tell the journal its recorders write from a copy of it, whose recorders it cannot see.
 *
 * <p>Recorders claim the journal (file {@code origin}: machine id and directory). Whether a run is
 * still recorded is only known where its recorders run: a copy (another directory, another
 * machine) holds none of their locks, so a run without an end there may still be going on.
 */
public final class JournalOrigin {
  static final String FILE = "origin";
  private static final Path[] MACHINE_ID_FILES = {Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id")};
  private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private final Path journalDir;
  private final String here;

  /** The origin of the journal in {@code journalDir}, as seen from this machine. */
  public JournalOrigin(Path journalDir) {
    this.journalDir = journalDir;
    this.here = machineId() + " " + realPath(journalDir);
  }

  /** Marks the journal as written here: called by a recorder. Rewritten only when it moved. */
  public void claim() throws IOException {
    if (recorded().filter(here::equals).isPresent()) {
      return;
    }
    Path tmp = Files.createTempFile(journalDir, FILE, ".tmp");
    try {
      Files.writeString(tmp, here + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, DurableFiles.FILE_MODE);
      try {
        Files.move(tmp, journalDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, journalDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Whether this is the directory its recorders write, on their machine: only then do their locks
   * tell a live run from a dead one. False for a copy, a journal moved since it was last recorded,
   * and a journal no recorder of this version has written.
   */
  public boolean isHere() {
    return recorded().filter(here::equals).isPresent();
  }

  /** What the journal says about where it is written, for messages: "machine-id directory", or empty. */
  public Optional<String> recorded() {
    try {
      return Optional.of(Files.readString(journalDir.resolve(FILE), StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // unreadable: treated as a copy, the cautious side (nothing closed early)
    }
  }

  private static String realPath(Path dir) {
    try {
      return dir.toRealPath().toString();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize().toString();
    }
  }

  private static String machineId() {
    for (Path file : MACHINE_ID_FILES) {
      try {
        String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!id.isEmpty()) {
          return id;
        }
      } catch (IOException e) {
        // next candidate: containers and chroots often lack /etc/machine-id
      }
    }
    try {
      return "host:" + Files.readString(HOSTNAME, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "host:unknown";
    }
  }
}
