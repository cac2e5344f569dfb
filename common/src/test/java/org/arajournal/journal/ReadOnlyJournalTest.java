package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copy of a journal on read-only media, or write-protected, is read without writing to it. */
class ReadOnlyJournalTest {
  @TempDir Path tmp;

  @Test
  void aReadOnlyCopyIsReadWithoutWritingToIt() throws Exception {
    Path source = tmp.resolve("source");
    Path copy = tmp.resolve("copy");
    try (Journal journal = Journal.open(source); JournalAppender appender = journal.appender()) {
      for (int i = 0; i < 3; i++) {
        appender.append(document(i, 100));
      }
    }
    CopyTool.copyJournal(source, copy, new Random(3), Map.of());
    // What "cp -r" onto read-only media or "chmod -R a-w" leaves (root ignores the modes: the state
    // check below is what tells whether the reader wrote anything).
    try (Stream<Path> files = Files.walk(copy)) {
      for (Path path : files.toList()) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-x------" : "r--------"));
      }
    }
    Map<String, String> before = CopyTool.state(copy, true);

    try (Journal journal = Journal.openReadOnly(copy); JournalReader reader = journal.reader()) {
      List<RawEntry> read = new ArrayList<>();
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        read.add(entry);
      }
      assertEquals(3, read.size());
      assertEquals(read.get(2).index(), journal.lastIndex());
      assertTrue(journal.readOnly());
      JournalException refused = assertThrows(JournalException.class, journal::appender);
      assertTrue(refused.getMessage().contains(copy.toString()) && refused.getMessage().contains("Journal.open"),
          refused.getMessage());
    }

    assertEquals(before, CopyTool.state(copy, true));
  }

  @Test
  void openingReadOnlyACopyWithoutItsIdNamesTheMissingFile() throws Exception {
    Path source = tmp.resolve("source");
    Journal.open(source).close();
    Files.delete(source.resolve("journal-id"));

    JournalException e = assertThrows(JournalException.class, () -> Journal.openReadOnly(source));

    assertTrue(e.getMessage().contains("journal-id") && e.getMessage().contains("copy the whole journal directory"),
        e.getMessage());
  }

  private static byte[] document(int n, int size) {
    return ("{\"n\":" + n + ",\"pad\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
