package org.arajournal.journal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** One journal excerpt as stored: its index and the UTF-8 JSON bytes. */
public record RawEntry(long index, byte[] data) {
  /** The text, with U+FFFD for bytes that are not UTF-8 (see {@link #firstInvalidByte}). */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The offset of the first byte that is not valid UTF-8, or -1 when all are: the recorder writes
   * ASCII-only JSON, so such a byte means the entry was damaged after it was written.
   */
  public int firstInvalidByte() {
    // The usual case, ASCII, needs no decoder: a replay checks every entry.
    int firstNonAscii = 0;
    while (firstNonAscii < data.length && data[firstNonAscii] >= 0) {
      firstNonAscii++;
    }
    if (firstNonAscii == data.length) {
      return -1;
    }
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(data);
    CharBuffer out = CharBuffer.allocate(Math.min(data.length, 8192));
    while (true) {
      CoderResult result = strict.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      out.clear();
    }
  }
}
