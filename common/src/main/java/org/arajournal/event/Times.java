package org.arajournal.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads and writes event times the way ARA's callback sends them: UTC, microseconds, {@code +00:00}. */
public final class Times {
  private static final DateTimeFormatter ARA =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
  /** {@code 2026-12-01T03:21:27.123456+00:00}: what our callback writes for every event. */
  private static final int CANONICAL_LENGTH = 32;

  private Times() {}

  /**
   * {@code time} in ARA's form. Written by hand for years 0-9999: the replay formats a few times per
   * result, and {@code DateTimeFormatter} was a visible part of its CPU per result.
   */
  public static String format(Instant time) {
    long seconds = time.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    if (date.getYear() < 0 || date.getYear() > 9999) {
      return ARA.format(time);
    }
    char[] out = new char[CANONICAL_LENGTH];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3_600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    out[19] = '.';
    put(out, 20, time.getNano() / 1_000, 6);
    "+00:00".getChars(0, 6, out, 26);
    return new String(out);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code start}. */
  private static void put(char[] out, int start, int value, int width) {
    for (int i = start + width - 1; i >= start; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an ISO-8601 time with offset, as Python's {@code datetime.isoformat()} writes it.
   *
   * <p>The canonical form is read by hand: the recorder checks one time per event as events
   * trickle in, too rarely for the JIT to compile {@code java.time}'s parser before most of a run
   * has gone by, and interpreted it was the largest part of the recorder's CPU per event.
   *
   * @throws MalformedEventException naming {@code text} when it is not such a time
   */
  public static Instant parse(String text) {
    Instant canonical = parseCanonical(text);
    if (canonical != null) {
      return canonical;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedEventException("time is not ISO-8601 with an offset: '" + text + "'");
    }
  }

  /** The time {@code text} names if it is in the canonical form and valid, else null. */
  private static Instant parseCanonical(String text) {
    if (text.length() != CANONICAL_LENGTH || !text.startsWith("+00:00", 26)
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int micros = digits(text, 20, 6);
    if ((year | month | day | hour | minute | second | micros) < 0 || hour > 23 || minute > 59 || second > 59) {
      return null; // not canonical or out of range: the general parser says what is wrong
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null; // no such day (month 13, April 31): the general parser refuses it with the text
    }
    long epochSecond = date.toEpochDay() * 86_400 + hour * 3_600 + minute * 60 + second;
    return Instant.ofEpochSecond(epochSecond, micros * 1_000L);
  }

  /** The decimal number of {@code count} ASCII digits at {@code start}, or -1 if one is not a digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
