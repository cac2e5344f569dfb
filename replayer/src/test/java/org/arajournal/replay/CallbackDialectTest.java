package org.arajournal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.arajournal.ara.AraVersion;
import org.junit.jupiter.api.Test;

class CallbackDialectTest {
  private static final CallbackDialect V15 = new CallbackDialect(AraVersion.parse("1.5.8"));
  private static final CallbackDialect V17 = new CallbackDialect(AraVersion.parse("1.7.4"));

  @Test
  void ara15SavesFactsOnlyForShortSetupActionNames() {
    assertTrue(V15.savesFactsOf("setup"));
    assertTrue(V15.savesFactsOf("gather_facts"));
    assertFalse(V15.savesFactsOf("ansible.builtin.setup"));
  }

  @Test
  void ara17AlsoSavesFactsForQualifiedNames() {
    assertTrue(V17.savesFactsOf("ansible.builtin.setup"));
    assertTrue(V17.savesFactsOf("ansible.builtin.gather_facts"));
    assertFalse(V17.savesFactsOf("ansible.builtin.debug"));
  }

  @Test
  void taskUuidAndFailedStatusArriveWith16() {
    assertFalse(V15.sendsTaskUuid());
    assertFalse(V15.marksFailedTasks());
    assertTrue(new CallbackDialect(AraVersion.parse("1.6.0")).sendsTaskUuid());
    assertTrue(V17.marksFailedTasks());
  }

  @Test
  void truncatesNamesTo254Characters() {
    assertEquals(254, CallbackDialect.truncate("x".repeat(300)).length());
    assertEquals("short", CallbackDialect.truncate("short"));
  }
}
