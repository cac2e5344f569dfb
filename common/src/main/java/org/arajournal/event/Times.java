package org.arajournal.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats times the way ARA's callback sends them: UTC, microseconds, {@code +00:00}. */
public final class Times {
  private static final DateTimeFormatter ARA =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String format(Instant time) {
    return ARA.format(time);
  }
}
