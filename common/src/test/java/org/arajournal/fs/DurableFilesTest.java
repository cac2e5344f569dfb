package org.arajournal.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @TempDir Path tmp;

  @Test
  void aPrivateDirectoryAndTheParentsItCreatesAreTheOwnersOnly() throws Exception {
    Path dir = tmp.resolve("a/b");
    DurableFiles.createPrivateDirectory(dir);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a"))));
  }

  @Test
  void anExistingDirectoryKeepsItsMode() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    DurableFiles.createPrivateDirectory(dir);
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }

  @Test
  void appendsGoAfterWhatIsThere() throws Exception {
    Path file = tmp.resolve("ledger");
    DurableFiles.appendForced(file, "one\n".getBytes(StandardCharsets.UTF_8));
    DurableFiles.appendForced(file, "two\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("one\ntwo\n", Files.readString(file));
  }

  @Test
  void aReplacedFileHoldsOnlyTheNewContentAndIsTheOwnersOnly() throws Exception {
    Path file = Files.writeString(tmp.resolve("state"), "old and longer");
    DurableFiles.replace(file, "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(1, Files.list(tmp).count(), "no temp file is left beside it");
  }
}
