package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawEntryTest {
  @Test
  void asciiAndValidMultiByteTextHaveNoInvalidByte() {
    assertEquals(-1, entry("{\"a\":\"plain\"}".getBytes(StandardCharsets.US_ASCII)).firstInvalidByte());
    assertEquals(-1, entry("{\"a\":\"é ✓ 😀\"}".getBytes(StandardCharsets.UTF_8)).firstInvalidByte());
    assertEquals(-1, entry(new byte[0]).firstInvalidByte());
  }

  @Test
  void theFirstByteThatIsNotUtf8IsNamedAndTextReplacesIt() {
    byte[] data = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, '"', '}'};
    RawEntry entry = entry(data);
    assertEquals(8, entry.firstInvalidByte());
    assertEquals("{\"a\":\"é\uFFFD\"}", entry.text());
  }

  @Test
  void aMultiByteSequenceCutShortIsInvalidWhereItStarts() {
    assertEquals(3, entry(new byte[] {'a', 'b', 'c', (byte) 0xE2, (byte) 0x9C}).firstInvalidByte());
  }

  private static RawEntry entry(byte[] data) {
    return new RawEntry(7, data);
  }
}
