package org.arajournal.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import net.openhft.chronicle.core.time.SetTimeProvider;
import okhttp3.HttpUrl;
import org.arajournal.checkpoint.RunState;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning gives back a day's file once every run in it is old and received whole by every server
 * the journal was replayed to; it never takes a run that is not delivered, nor the file being written.
 */
class PrunerTest {
  private static final HttpUrl ONE = HttpUrl.get("http://127.0.0.1:8000/");
  private static final HttpUrl TWO = HttpUrl.get("http://127.0.0.1:9000/");
  private static final Instant DAY_1 = Instant.parse("2026-11-01T10:00:00Z");
  private static final EventCodec CODEC = new EventCodec();

  @TempDir Path dir;
  private final SetTimeProvider clock = new SetTimeProvider();

  /** Appends a whole run of three events, dated {@code day} (its file is that day's). */
  private UUID run(Journal journal, Instant day) {
    clock.currentTimeMillis(day.toEpochMilli());
    UUID run = UUID.randomUUID();
    List<Payload> payloads = List.of(new Payload.PlaybookStarted("/p/site.yml", false, "2.14", "3.11", "ara-journal",
        CODEC.mapper().createObjectNode(), "c", "u"), new Payload.FileCaptured("/p/site.yml", "x"),
        new Payload.PlaybookEnded("completed"));
    try (JournalAppender appender = journal.appender()) {
      for (int i = 0; i < payloads.size(); i++) {
        appender.append(CODEC.encode(new Event(1, run, i + 1, day.plusSeconds(i), payloads.get(i)))
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    return run;
  }

  private void delivered(Journal journal, HttpUrl server, UUID run, long deadLetters) throws Exception {
    TargetState.open(dir.resolve("state"), journal.id(), server).ledger()
        .note(new RunState(run, RunState.Stage.DELIVERED, 1, deadLetters, 3));
  }

  private Pruner.Plan plan(Journal journal) throws Exception {
    return new Pruner(Instant.now()).plan(journal, TargetState.all(dir.resolve("state"), journal.id()));
  }

  private static Map<UUID, Boolean> removed(Pruner.Plan plan) {
    return plan.runs().stream().collect(Collectors.toMap(Pruner.RunDecision::run, Pruner.RunDecision::removed));
  }

  @Test
  void aDaysFileGoesOnceEveryRunInItIsDeliveredToEveryServerAndTheRestIsReadAsBefore() throws Exception {
    UUID old;
    UUID notDelivered;
    UUID sharing;
    UUID newest;
    try (Journal journal = Journal.open(dir.resolve("journal"), clock)) {
      old = run(journal, DAY_1);
      sharing = run(journal, DAY_1.plus(Duration.ofDays(1)));
      notDelivered = run(journal, DAY_1.plus(Duration.ofDays(1)).plusSeconds(60));
      newest = run(journal, DAY_1.plus(Duration.ofDays(2)));
      for (UUID run : List.of(old, sharing, newest)) {
        delivered(journal, ONE, run, 0);
        delivered(journal, TWO, run, 0);
      }
      delivered(journal, ONE, notDelivered, 0); // but not to TWO
      Pruner.Plan plan = plan(journal);

      assertEquals(Map.of(old, true, sharing, false, notDelivered, false, newest, false), removed(plan));
      assertEquals(1, plan.files().stream().filter(Pruner.FileDecision::removed).count(), plan.files().toString());
      assertTrue(plan.runs().stream().filter(r -> r.run().equals(notDelivered)).findFirst().orElseThrow().why()
          .contains("not replayed to " + TWO), plan.runs().toString());
      Pruner.remove(plan);
    }
    List<UUID> left = new ArrayList<>();
    try (Journal journal = Journal.open(dir.resolve("journal"));
        JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        UUID run = CODEC.decode(entry.text()).run();
        if (!left.contains(run)) {
          left.add(run);
        }
      }
    }
    assertEquals(List.of(sharing, notDelivered, newest), left, "the old run is gone, the others are whole");
  }

  @Test
  void aRunWithDeadLettersIsKept() throws Exception {
    try (Journal journal = Journal.open(dir.resolve("journal"), clock)) {
      UUID refused = run(journal, DAY_1);
      UUID newest = run(journal, DAY_1.plus(Duration.ofDays(1)));
      delivered(journal, ONE, refused, 2);
      delivered(journal, ONE, newest, 0);

      Pruner.Plan plan = plan(journal);

      assertFalse(removed(plan).get(refused));
      assertTrue(plan.files().stream().noneMatch(Pruner.FileDecision::removed), plan.files().toString());
    }
  }

  @Test
  void aJournalNeverReplayedKeepsEverything() throws Exception {
    try (Journal journal = Journal.open(dir.resolve("journal"), clock)) {
      run(journal, DAY_1);
      run(journal, DAY_1.plus(Duration.ofDays(1)));

      Pruner.Plan plan = plan(journal);

      assertTrue(plan.runs().stream().noneMatch(Pruner.RunDecision::removed), plan.runs().toString());
      assertTrue(plan.runs().get(0).why().contains("no ARA server has received it"), plan.runs().toString());
    }
  }

  @Test
  void aRunNewerThanTheLimitIsKept() throws Exception {
    try (Journal journal = Journal.open(dir.resolve("journal"), clock)) {
      UUID run = run(journal, DAY_1);
      run(journal, DAY_1.plus(Duration.ofDays(1)));
      delivered(journal, ONE, run, 0);

      Pruner.Plan plan = new Pruner(DAY_1.minusSeconds(1)).plan(journal,
          TargetState.all(dir.resolve("state"), journal.id()));

      assertFalse(removed(plan).get(run));
      assertTrue(Files.exists(plan.files().get(0).file()));
    }
  }
}
