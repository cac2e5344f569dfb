package org.arajournal.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetStateTest {
  private static final HttpUrl A = HttpUrl.get("http://127.0.0.1:8000/");
  private static final HttpUrl B = HttpUrl.get("http://127.0.0.1:9000/");
  private static final UUID RUN = UUID.fromString("11111111-2222-3333-4444-555555555555");

  @TempDir Path state;

  @Test
  void remembersWhereRunsStandPerJournalAndServer() throws Exception {
    TargetState.open(state, "journal-1", A).ledger().note(new RunState(RUN, RunState.Stage.DELIVERED, 12, 0));

    assertTrue(TargetState.open(state, "journal-1", A).ledger().state(RUN).orElseThrow().delivered());
    assertFalse(TargetState.open(state, "journal-1", B).ledger().state(RUN).isPresent(), "another server");
    assertFalse(TargetState.open(state, "journal-2", A).ledger().state(RUN).isPresent(), "another journal");
  }

  @Test
  void theLastNoteOfARunWins() throws Exception {
    Ledger ledger = TargetState.open(state, "j", A).ledger();
    ledger.note(new RunState(RUN, RunState.Stage.STARTED, 12, 0));
    ledger.note(new RunState(RUN, RunState.Stage.DELIVERED, 12, 3));

    RunState read = TargetState.open(state, "j", A).ledger().state(RUN).orElseThrow();
    assertEquals(new RunState(RUN, RunState.Stage.DELIVERED, 12, 3), read);
  }

  @Test
  void findsTheRunOfAPlaybookAlsoAfterTheRunMovedToANewOne() throws Exception {
    UUID other = UUID.fromString("66666666-2222-3333-4444-555555555555");
    Ledger ledger = TargetState.open(state, "j", A).ledger();
    ledger.note(new RunState(RUN, RunState.Stage.STARTED, 12, 0));
    ledger.note(new RunState(other, RunState.Stage.DELIVERED, 13, 0));
    // Its playbook was deleted from ARA and the run sent again as playbook 14.
    ledger.note(new RunState(RUN, RunState.Stage.STARTED, 14, 0));

    for (Ledger read : List.of(ledger, TargetState.open(state, "j", A).ledger())) {
      assertEquals(java.util.Optional.of(RUN), read.runOf(14));
      assertEquals(java.util.Optional.of(other), read.runOf(13));
      assertEquals(java.util.Optional.empty(), read.runOf(12), "no run has playbook 12 any more");
    }
  }

  @Test
  void aLineTornByACrashIsIgnored() throws Exception {
    TargetState target = TargetState.open(state, "j", A);
    target.ledger().note(new RunState(RUN, RunState.Stage.STARTED, 12, 0));
    Files.writeString(target.ledger().file(), RUN + " DELIV", StandardOpenOption.APPEND);

    assertEquals(RunState.Stage.STARTED, TargetState.open(state, "j", A).ledger().state(RUN).orElseThrow().stage());
  }

  @Test
  void listsEveryServerAJournalWasReplayedTo() throws Exception {
    TargetState.open(state, "j", A);
    TargetState.open(state, "j", B);

    List<String> servers = TargetState.all(state, "j").stream().map(TargetState::server).sorted().toList();
    assertEquals(List.of(A.toString(), B.toString()), servers);
  }

  @Test
  void neverKeepsCredentialsOfTheServerUrl() throws Exception {
    TargetState target = TargetState.open(state, "j", HttpUrl.get("http://alice:s3cret@127.0.0.1:8000/"));

    assertFalse(Files.readString(target.dir().resolve("target"), StandardCharsets.UTF_8).contains("s3cret"));
  }

  @Test
  void forgettingARunsDeadLettersKeepsTheOthers() throws Exception {
    DeadLetters letters = TargetState.open(state, "j", A).deadLetters();
    UUID other = UUID.randomUUID();
    letters.add(new DeadLetter(RUN, 6, "result", 400, "refused", Instant.EPOCH));
    letters.add(new DeadLetter(other, 7, "result", 400, "refused", Instant.EPOCH));
    letters.forget(Set.of(RUN));

    assertEquals(List.of(other), letters.all().stream().map(DeadLetter::run).toList());
  }

  @Test
  void keepsTheLastError() throws Exception {
    TargetState target = TargetState.open(state, "j", A);
    target.lastError("first", Instant.EPOCH);
    target.lastError("second", Instant.EPOCH.plusSeconds(1));

    assertEquals("second", TargetState.open(state, "j", A).lastError().orElseThrow().message());
  }
}
