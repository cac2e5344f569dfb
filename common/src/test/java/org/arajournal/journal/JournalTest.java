package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path tmp;

  @Test
  void readsBackDocumentsInTheOrderTheyWereAppended() {
    try (Journal journal = Journal.open(tmp.resolve("j"));
        JournalAppender appender = journal.appender();
        JournalReader reader = journal.reader()) {
      appender.append(bytes("{\"n\":1}"));
      appender.append(bytes("{\"n\":2}"));

      assertEquals("{\"n\":1}", reader.next().text());
      assertEquals("{\"n\":2}", reader.next().text());
      assertNull(reader.next());
    }
  }

  @Test
  void keepsItsIdAcrossReopening() {
    String first;
    try (Journal journal = Journal.open(tmp.resolve("j"))) {
      first = journal.id();
    }
    try (Journal journal = Journal.open(tmp.resolve("j"))) {
      assertEquals(first, journal.id());
    }
  }

  @Test
  void keepsEntriesAcrossReopening() {
    try (Journal journal = Journal.open(tmp.resolve("j")); JournalAppender appender = journal.appender()) {
      appender.append(bytes("{\"kept\":true}"));
    }
    try (Journal journal = Journal.open(tmp.resolve("j")); JournalReader reader = journal.reader()) {
      assertEquals("{\"kept\":true}", reader.next().text());
    }
  }

  @Test
  void recordsATenMegabyteDocumentWhole() {
    byte[] big = new byte[10 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    try (Journal journal = Journal.open(tmp.resolve("j"));
        JournalAppender appender = journal.appender();
        JournalReader reader = journal.reader()) {
      appender.append(big);
      appender.append(bytes("{}"));

      assertArrayEquals(big, reader.next().data());
      assertEquals("{}", reader.next().text());
    }
  }

  @Test
  void isPrivateToItsOwner() throws Exception {
    try (Journal journal = Journal.open(tmp.resolve("j")); JournalAppender appender = journal.appender()) {
      appender.append(bytes("{}"));
    }
    assertEquals("rwx------", mode(tmp.resolve("j")));
    assertEquals("rwx------", mode(tmp.resolve("j/queue")));
    assertEquals("rw-------", mode(tmp.resolve("j/journal-id")));
    try (Stream<Path> files = Files.list(tmp.resolve("j/queue"))) {
      for (Path file : files.toList()) {
        assertEquals("rw-------", mode(file), file.toString());
      }
    }
  }

  @Test
  void appendsFromSeveralThreadsLoseNothing() throws Exception {
    int perThread = 2000;
    try (Journal journal = Journal.open(tmp.resolve("j"))) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        Thread writer = new Thread(() -> {
          try (JournalAppender appender = journal.appender()) {
            for (int i = 0; i < perThread; i++) {
              appender.append(bytes("{\"t\":" + thread + ",\"i\":" + i + "}"));
            }
          }
        });
        writer.start();
        threads.add(writer);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      int count = 0;
      try (JournalReader reader = journal.reader()) {
        while (reader.next() != null) {
          count++;
        }
      }
      assertEquals(2 * perThread, count);
    }
  }

  @Test
  void aReaderFollowingAppendsAcrossNewCycleFilesReadsEachEntryOnce() throws Exception {
    // A new cycle file is briefly shorter than Chronicle makes them, with no header yet: the
    // reader must wait for it, not take it for a torn copy and stop for good.
    SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())
        - TimeUnit.DAYS.toNanos(10));
    int entries = 3_000;
    List<RawEntry> appended = new ArrayList<>();
    try (Journal journal = Journal.open(tmp.resolve("j"), clock); JournalReader reader = journal.reader()) {
      Thread writer = new Thread(() -> {
        try (JournalAppender appender = journal.appender()) {
          for (int i = 0; i < entries; i++) {
            if (i % 500 == 499) {
              clock.advanceMillis(TimeUnit.DAYS.toMillis(1));
            }
            byte[] document = bytes("{\"i\":" + i + "}");
            long index = appender.append(document);
            synchronized (appended) {
              appended.add(new RawEntry(index, document));
            }
            if (i % 10 == 0) {
              LockSupport.parkNanos(100_000);
            }
          }
        }
      });
      writer.start();
      List<RawEntry> read = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (read.size() < entries && System.nanoTime() < deadline) {
        RawEntry entry = reader.next();
        if (entry == null) {
          LockSupport.parkNanos(50_000);
        } else {
          read.add(entry);
        }
      }
      writer.join();

      assertNull(reader.next());
      assertEquals(entries, read.size());
      for (int i = 0; i < entries; i++) {
        assertEquals(appended.get(i).index(), read.get(i).index(), "index of entry " + i);
        assertArrayEquals(appended.get(i).data(), read.get(i).data(), "entry " + i);
      }
    }
  }

  @Test
  void refusesAnIdFileThatIsNotAUuidNamingIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("j"));
    Files.writeString(dir.resolve("journal-id"), "garbage");

    JournalException e = assertThrows(JournalException.class, () -> Journal.open(dir));

    assertTrue(e.getMessage().contains("journal-id"), e.getMessage());
  }

  @Test
  void refusesADirectoryItCannotCreateNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");

    JournalException e = assertThrows(JournalException.class, () -> Journal.open(file.resolve("j")));

    assertTrue(e.getMessage().contains(file.resolve("j").toString()), e.getMessage());
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
