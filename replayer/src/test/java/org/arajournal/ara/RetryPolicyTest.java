package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void parsesDurationsAsOperatorsWriteThem() {
    assertEquals(Duration.ofSeconds(90), RetryPolicy.parseDuration("90s"));
    assertEquals(Duration.ofMinutes(10), RetryPolicy.parseDuration("10m"));
    assertEquals(Duration.ofHours(2), RetryPolicy.parseDuration("2h"));
    assertEquals(Duration.ofMinutes(90), RetryPolicy.parseDuration("1h30m"));
    assertEquals(Duration.ofMillis(500), RetryPolicy.parseDuration("500ms"));
    assertEquals(Duration.ofDays(1), RetryPolicy.parseDuration("1d"));
  }

  @Test
  void refusesTextThatIsNotADurationNamingIt() {
    for (String bad : new String[] {"10", "ten minutes", "-5m", "5 m", "", "10x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetryPolicy.parseDuration(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("90s"), e.getMessage());
    }
  }

  @Test
  void refusesAZeroDuration() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetryPolicy.parseDuration("0s"));
    assertTrue(e.getMessage().contains("'0s'"), e.getMessage());
  }

  @Test
  void theDefaultNeverGivesUpAndWaitsAtMostThirtySeconds() {
    assertEquals(Optional.empty(), RetryPolicy.DEFAULT.giveUpAfter());
    for (int failures = 1; failures < 40; failures++) {
      assertTrue(RetryPolicy.DEFAULT.delayAfter(failures).compareTo(Duration.ofSeconds(30)) <= 0);
    }
    assertTrue(RetryPolicy.DEFAULT.delayAfter(30).compareTo(Duration.ofSeconds(15)) >= 0);
  }

  @Test
  void formatsDurationsTheWayTheyAreParsed() {
    assertEquals("1h30m", RetryPolicy.format(Duration.ofMinutes(90)));
    assertEquals("1m30s", RetryPolicy.format(Duration.ofSeconds(90)));
    assertEquals(Duration.ofSeconds(90), RetryPolicy.parseDuration(RetryPolicy.format(Duration.ofSeconds(90))));
    assertEquals("250ms", RetryPolicy.format(Duration.ofMillis(250)));
  }
}
