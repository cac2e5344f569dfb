package org.arajournal.journal;

import java.nio.charset.StandardCharsets;

/** One journal excerpt as stored: its index and the UTF-8 JSON bytes. */
public record RawEntry(long index, byte[] data) {
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
