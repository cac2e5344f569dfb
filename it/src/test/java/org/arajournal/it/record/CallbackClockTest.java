package org.arajournal.it.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;

/**
 * The plugin's clock caches the date and hour:minute once a minute: every time it writes must still
 * be what {@code datetime.isoformat()} writes, across minute, hour, day, leap-day and year boundaries.
 */
class CallbackClockTest {
  @Test
  void writesEveryTimeAsDatetimeDoesAcrossTheBoundariesOfItsCachedMinute() throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", probe().toString(),
        Tools.callbackPlugins().resolve("ara_journal.py").toString()));
    List<Instant> instants = new ArrayList<>();
    for (String boundary : new String[] {"2026-12-01T03:21:00Z", "2026-12-01T04:00:00Z", "2026-12-02T00:00:00Z",
        "2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z", "2027-01-01T00:00:00Z"}) {
      Instant at = Instant.parse(boundary);
      // In order, as a run reads the clock: the last microsecond of the old minute, the first of the new,
      // a second later, then a step back (clocks are not monotonic) and forward again.
      for (long offset : new long[] {-60_000_001, -1, 0, 1, 999_999, 1_000_000, -1, 59_999_999, 60_000_000}) {
        instants.add(at.plus(offset, ChronoUnit.MICROS));
      }
    }
    for (Instant instant : instants) {
      command.add(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant)));
    }

    Processes.Result result = Processes.run(command, Map.of(), null, Duration.ofSeconds(60));

    assertEquals(0, result.exitCode(), result.output());
    assertEquals("ok\n".repeat(instants.size()), result.output());
  }

  private static Path probe() throws URISyntaxException {
    return Path.of(CallbackClockTest.class.getResource("/record/callback_clock.py").toURI());
  }
}
