package org.arajournal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.arajournal.journal.Journal;
import org.junit.jupiter.api.Test;

class RecordMainTest {
  @Test
  void journalOptionInEitherSpellingGoesStraightToTheRecorder() {
    assertEquals(Optional.of(Path.of("/j")), RecordMain.plainRecord(new String[] {"record", "--journal", "/j"}));
    assertEquals(Optional.of(Path.of("/j")), RecordMain.plainRecord(new String[] {"record", "--journal=/j"}));
  }

  @Test
  void recordAloneUsesTheDefaultJournal() {
    assertEquals(Optional.of(Journal.defaultDir()), RecordMain.plainRecord(new String[] {"record"}));
  }

  @Test
  void anythingElseIsLeftToTheFullParserForItsHelpAndErrors() {
    for (String[] args : new String[][] {
        {}, {"inspect"}, {"record", "--help"}, {"record", "--journal"}, {"record", "--journal="},
        {"record", "--journal", ""}, {"record", "--jounral", "/j"}, {"record", "--journal", "/j", "extra"}}) {
      assertEquals(Optional.empty(), RecordMain.plainRecord(args), String.join(" ", args));
    }
  }
}
