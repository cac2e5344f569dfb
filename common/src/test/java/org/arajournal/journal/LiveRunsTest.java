package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRunsTest {
  @TempDir Path tmp;
  private final UUID run = UUID.fromString("0b5f2c1e-8a55-4a3e-9c7a-2f1e7c0d9b11");

  @Test
  void aRunNobodyWritesIsNotLive() {
    try (Journal journal = Journal.open(tmp)) {
      assertFalse(new LiveRuns(journal).isLive(run));
    }
  }

  @Test
  void aRunIsLiveWhileARecorderHoldsItAndNotAfter() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      LiveRuns live = new LiveRuns(journal);
      try (LiveRuns.Handle held = live.hold(run)) {
        assertTrue(live.isLive(run));
      }
      assertFalse(live.isLive(run));
    }
  }

  @Test
  void aRunIsLiveWhileAnotherProcessLocksItsSpool() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      Path spool = Files.write(journal.spoolDir().resolve(run + "-42.spool"), new byte[0]);
      Process holder = new ProcessBuilder("/usr/bin/python3", "-c",
          "import fcntl,os,sys\nfd=os.open(sys.argv[1],os.O_WRONLY)\nfcntl.lockf(fd,fcntl.LOCK_EX)\n"
              + "print('locked',flush=True)\nsys.stdin.read()", spool.toString())
          .redirectErrorStream(true).start();
      try {
        assertEquals("locked", new String(holder.getInputStream().readNBytes(6), StandardCharsets.UTF_8));
        assertTrue(new LiveRuns(journal).isLive(run));
      } finally {
        holder.getOutputStream().close();
        holder.waitFor();
      }
      assertFalse(new LiveRuns(journal).isLive(run));
    }
  }
}
