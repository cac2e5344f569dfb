package org.arajournal.journal;

import static org.arajournal.journal.TestFrames.entries;
import static org.arajournal.journal.TestFrames.event;
import static org.arajournal.journal.TestFrames.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolIngesterTest {
  @TempDir Path tmp;

  @Test
  void movesASpoolIntoTheJournalAndDeletesIt() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      Path spool = Files.write(journal.spoolDir().resolve("run-1.spool"), frames(event(1), event(2)));

      SpoolIngester.Summary summary = new SpoolIngester(journal).ingestAll();

      assertEquals(List.of(event(1), event(2)), entries(journal));
      assertEquals(2, summary.appended());
      assertFalse(Files.exists(spool));
    }
  }

  @Test
  void skipsEventsTheDeadRecorderAppendedButNeverAcknowledged() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      try (JournalAppender appender = journal.appender()) {
        appender.append(event(1).getBytes(StandardCharsets.UTF_8));
        appender.append(event(2).getBytes(StandardCharsets.UTF_8));
      }
      Files.write(journal.spoolDir().resolve("run-1.spool"), frames(event(2), event(3)));

      SpoolIngester.Summary summary = new SpoolIngester(journal).ingestAll();

      assertEquals(List.of(event(1), event(2), event(3)), entries(journal));
      assertEquals(1, summary.duplicates());
    }
  }

  @Test
  void leavesASpoolAloneWhileItsWriterHoldsTheLock() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      Path spool = Files.write(journal.spoolDir().resolve("run-1.spool"), frames(event(1)));
      // The lock must be held by another process: POSIX locks are per process, so fork a holder.
      Process holder = new ProcessBuilder("/usr/bin/python3", "-c",
          "import fcntl,os,sys\nfd=os.open(sys.argv[1],os.O_WRONLY)\nfcntl.lockf(fd,fcntl.LOCK_EX)\n"
              + "print('locked',flush=True)\nsys.stdin.read()", spool.toString())
          .redirectErrorStream(true).start();
      try {
        assertEquals("locked", new String(holder.getInputStream().readNBytes(6), StandardCharsets.UTF_8));

        SpoolIngester.Summary summary = new SpoolIngester(journal).ingestAll();

        assertEquals(0, summary.files());
        assertTrue(Files.exists(spool));
        assertEquals(List.of(), entries(journal));
      } finally {
        holder.getOutputStream().close();
        holder.waitFor();
      }
      new SpoolIngester(journal).ingestAll();
      assertEquals(List.of(event(1)), entries(journal));
    }
  }

  @Test
  void ingestsTheWholeFramesOfASpoolCutMidFrame() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      byte[] whole = frames(event(1), event(2));
      Files.write(journal.spoolDir().resolve("run-1.spool"), Arrays.copyOf(whole, whole.length - 3));

      new SpoolIngester(journal).ingestAll();

      assertEquals(List.of(event(1)), entries(journal));
    }
  }

  @Test
  void ingestingTwiceAddsNothingTheSecondTime() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      byte[] spool = frames(event(1), event(2));
      Files.write(journal.spoolDir().resolve("a.spool"), spool);
      new SpoolIngester(journal).ingestAll();
      // As if a crash had happened between appending and deleting the spool.
      Files.write(journal.spoolDir().resolve("a.spool"), spool, StandardOpenOption.CREATE);

      new SpoolIngester(journal).ingestAll();

      assertEquals(List.of(event(1), event(2)), entries(journal));
    }
  }
}
