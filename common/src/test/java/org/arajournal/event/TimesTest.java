package org.arajournal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {
  @Test
  void readsEveryCanonicalTimeAsJavaTimeReadsIt() {
    SplittableRandom random = new SplittableRandom(20261201);
    // Years 1 to 9999, leap days and month ends included by chance over this many draws.
    long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant time = Instant.ofEpochSecond(random.nextLong(first, last + 1), random.nextInt(1_000_000) * 1_000L);
      String text = Times.format(time);

      assertEquals(OffsetDateTime.parse(text).toInstant(), Times.parse(text), text);
      assertEquals(time, Times.parse(text), text);
    }
  }

  @Test
  void writesEveryTimeAsJavaTimeFormatsIt() {
    java.time.format.DateTimeFormatter reference = java.time.format.DateTimeFormatter
        .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(java.time.ZoneOffset.UTC);
    SplittableRandom random = new SplittableRandom(20261205);
    long first = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("+10100-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant time = Instant.ofEpochSecond(random.nextLong(first, last + 1), random.nextInt(1_000_000_000));
      assertEquals(reference.format(time), Times.format(time), time::toString);
    }
    for (String edge : new String[] {"1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z", "2024-02-29T12:00:00.000001Z"}) {
      assertEquals(reference.format(Instant.parse(edge)), Times.format(Instant.parse(edge)), edge);
    }
  }

  @Test
  void readsTheEdgesOfTheCanonicalForm() {
    for (String text : new String[] {"2024-02-29T23:59:59.999999+00:00", "2026-12-31T00:00:00.000000+00:00",
        "1970-01-01T00:00:00.000001+00:00", "2000-02-29T12:00:00.500000+00:00"}) {
      assertEquals(OffsetDateTime.parse(text).toInstant(), Times.parse(text), text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-12-01T03:21:27+00:00", "2026-12-01T04:21:27.123456+01:00",
      "2026-12-01T03:21:27.123+00:00", "2026-12-01T03:21:27.123456Z", "2026-12-01T03:21:27.123456789-05:30"})
  void readsOtherIsoTimesWithAnOffsetAsJavaTimeDoes(String text) {
    assertEquals(OffsetDateTime.parse(text).toInstant(), Times.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-29T00:00:00.000000+00:00", "2026-04-31T00:00:00.000000+00:00",
      "2026-13-01T00:00:00.000000+00:00", "2026-00-01T00:00:00.000000+00:00", "2026-12-00T00:00:00.000000+00:00",
      "2026-12-01T24:00:00.000000+00:00", "2026-12-01T23:60:00.000000+00:00", "2026-12-01T23:59:60.000000+00:00",
      "2026-12-01T23:59:5x.000000+00:00", "2026-12-01 23:59:59.000000+00:00", "2026-12-01T23:59:59.000000",
      "yesterday", ""})
  void refusesWhatIsNotATimeAndNamesIt(String text) {
    MalformedEventException refusal = assertThrows(MalformedEventException.class, () -> Times.parse(text));

    assertTrue(refusal.getMessage().contains("'" + text + "'"), refusal.getMessage());
  }
}
