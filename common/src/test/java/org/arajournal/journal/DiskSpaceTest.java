package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends stop before the disk is full, and leave nothing half-written behind. */
class DiskSpaceTest {
  @TempDir Path dir;

  @Test
  void anAppendBeyondTheReserveIsRefusedAndWritesNothing() {
    try (Journal journal = Journal.open(dir.resolve("journal"))) {
      try (JournalAppender appender = journal.appender(Long.MAX_VALUE / 4)) {
        JournalFullException e = assertThrows(JournalFullException.class,
            () -> appender.append("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(journal.dir().resolve("queue").toString()), e.getMessage());
      }
      try (JournalReader reader = journal.reader()) {
        assertNull(reader.next(), "nothing was appended");
      }
    }
  }

  @Test
  void anAppendWithinTheReserveIsWritten() {
    try (Journal journal = Journal.open(dir.resolve("journal"));
        JournalAppender appender = journal.appender(1 << 20)) {
      appender.append("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      try (JournalReader reader = journal.reader()) {
        assertEquals("{\"a\":1}", reader.next().text());
      }
    }
  }

  @Test
  void sizesAreReadWithTheirUnit() {
    assertEquals(64L << 20, DiskSpace.parseSize("64M", "x"));
    assertEquals(1L << 30, DiskSpace.parseSize("1g", "x"));
    assertEquals(512L << 10, DiskSpace.parseSize("512K", "x"));
    assertEquals(1048576, DiskSpace.parseSize("1048576", "x"));
  }

  @Test
  void aSizeThatIsNotOneNamesTheSettingAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiskSpace.parseSize("lots", "ARA_JOURNAL_MIN_FREE"));
    assertTrue(e.getMessage().contains("ARA_JOURNAL_MIN_FREE") && e.getMessage().contains("lots"), e.getMessage());
  }
}
