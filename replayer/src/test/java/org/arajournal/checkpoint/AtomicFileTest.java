package org.arajournal.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path tmp;

  @Test
  void readsNothingBeforeTheFirstWrite() throws Exception {
    assertTrue(new AtomicFile(tmp.resolve("state")).read().isEmpty());
  }

  @Test
  void readsBackTheLastWrite() throws Exception {
    AtomicFile file = new AtomicFile(tmp.resolve("state"));
    file.write(bytes("one"));
    file.write(bytes("two"));

    assertArrayEquals(bytes("two"), file.read().orElseThrow());
  }

  @Test
  void leavesNoTemporaryFileBehind() throws Exception {
    new AtomicFile(tmp.resolve("state")).write(bytes("x"));

    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void aLeftoverTemporaryFromACrashDoesNotChangeTheContent() throws Exception {
    AtomicFile file = new AtomicFile(tmp.resolve("state"));
    file.write(bytes("committed"));
    Files.write(tmp.resolve("state.tmp"), bytes("half-writt"));

    assertArrayEquals(bytes("committed"), file.read().orElseThrow());
    file.write(bytes("next"));
    assertArrayEquals(bytes("next"), file.read().orElseThrow());
    assertFalse(Files.exists(tmp.resolve("state.tmp")));
  }

  @Test
  void isPrivateToItsOwner() throws Exception {
    new AtomicFile(tmp.resolve("state")).write(bytes("x"));

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state"))));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
