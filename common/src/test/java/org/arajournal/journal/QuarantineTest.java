package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.arajournal.fs.DurableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aSmallFrameIsKeptInlineWithTheErrorThatRefusedIt() throws Exception {
    byte[] raw = "{\"type\": \"result\", \"note\": \"a \\\"quoted\\\" word\" ".getBytes(StandardCharsets.UTF_8);
    try (Journal journal = Journal.open(tmp.resolve("journal"))) {
      JsonNode document = json.readTree(new Quarantine(journal).document(raw, "cut short: \"eof\"", "spool x.spool"));

      assertEquals("quarantined", document.get("type").asText());
      assertEquals("cut short: \"eof\"", document.get("error").asText());
      assertEquals("spool x.spool", document.get("source").asText());
      assertEquals(raw.length, document.get("size").asInt());
      assertArrayEquals(raw, Base64.getDecoder().decode(document.get("raw_base64").asText()));
      Instant.parse(document.get("time").asText()); // ISO-8601 UTC, as every event's time
    }
  }

  @Test
  void aLargeFrameGoesToAPrivateSideFileTheEntryNames() throws Exception {
    byte[] raw = new byte[Quarantine.MAX_INLINE + 1];
    Arrays.fill(raw, (byte) 'x');
    try (Journal journal = Journal.open(tmp.resolve("journal"))) {
      JsonNode document = json.readTree(new Quarantine(journal).document(raw, "too large", "recorder input"));

      assertFalse(document.has("raw_base64"));
      Path file = journal.dir().resolve(document.get("raw_file").asText());
      assertArrayEquals(raw, Files.readAllBytes(file));
      assertEquals(DurableFiles.FILE_MODE, Files.getPosixFilePermissions(file));
    }
  }
}
