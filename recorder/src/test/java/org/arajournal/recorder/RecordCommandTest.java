package org.arajournal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordCommandTest {
  @Test
  void theIdleTimeIsTheCallbacksSettingInSeconds() {
    assertEquals(Duration.ofMinutes(5), RecordCommand.idle("300"));
    assertEquals(Duration.ofMillis(2500), RecordCommand.idle("2.5"));
  }

  @Test
  void withoutTheSettingARecorderEndsWithItsRun() {
    assertEquals(Duration.ZERO, RecordCommand.idle(null));
    assertEquals(Duration.ZERO, RecordCommand.idle("0"));
  }

  @Test
  void aSettingThatIsNotSecondsWithinADayEndsTheRecorderWithItsRun() {
    for (String setting : new String[] {"soon", "-1", "86401", "NaN"}) {
      assertEquals(Duration.ZERO, RecordCommand.idle(setting), setting);
    }
  }
}
