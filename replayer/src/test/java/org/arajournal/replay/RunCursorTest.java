package org.arajournal.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a followed run is read while it is recorded: what it waits for, and when it stops. */
class RunCursorTest {
  private static final UUID RUN = UUID.fromString("11111111-2222-3333-4444-555555555555");
  private static final UUID OTHER = UUID.fromString("99999999-2222-3333-4444-555555555555");
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final EventCodec CODEC = new EventCodec();

  @TempDir Path dir;

  private final AtomicBoolean stopping = new AtomicBoolean();
  private Journal journal;

  @AfterEach
  void stopAndClose() {
    stopping.set(true);
    if (journal != null) {
      journal.close();
    }
  }

  private Journal journal() {
    if (journal == null) {
      journal = Journal.open(dir.resolve("journal"));
    }
    return journal;
  }

  private void append(UUID run, long seq, Payload payload) {
    try (JournalAppender appender = journal().appender()) {
      appender.append(CODEC.encode(new Event(1, run, seq, T0.plusSeconds(seq), payload))
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private RunCursor follow(BooleanSupplier stillRecording) {
    RunInfo info = new RunInfo(RUN, -1, Long.MAX_VALUE, 0, 0, false, false, T0, -1);
    return new RunCursor(journal(), info, stopping::get, stillRecording);
  }

  /** Reads the cursor to its stop on another thread: the seqs of the run's entries, in order. */
  private static CompletableFuture<List<Long>> readAll(RunCursor cursor) {
    return CompletableFuture.supplyAsync(() -> {
      List<Long> seqs = new CopyOnWriteArrayList<>();
      for (RunCursor.RunEntry entry = cursor.next(); entry != null; entry = cursor.next()) {
        seqs.add(entry.envelope().seq());
      }
      return seqs;
    });
  }

  @Test
  void aFollowedRunReturnsEventsAppendedWhileItWaitsSkippingOtherRunsUntilItsEnd() throws Exception {
    append(RUN, 1, new Payload.HostStarted("h1", "t1"));
    try (RunCursor cursor = follow(() -> true)) {
      CompletableFuture<List<Long>> read = readAll(cursor);
      append(OTHER, 1, new Payload.HostStarted("h9", "t9"));
      append(RUN, 2, new Payload.HostStarted("h2", "t1"));
      append(RUN, 3, new Payload.PlaybookEnded("completed"));

      assertEquals(List.of(1L, 2L, 3L), read.get(1, TimeUnit.MINUTES));
      assertEquals(RunCursor.Stop.END, cursor.stop());
      assertTrue(cursor.ended(), "the run's own end was read");
    }
  }

  @Test
  void aFollowedRunThatNothingRecordsAnyMoreReturnsItsLastEventsThenStopsAbandoned() throws Exception {
    AtomicBoolean recording = new AtomicBoolean(true);
    append(RUN, 1, new Payload.HostStarted("h1", "t1"));
    try (RunCursor cursor = follow(recording::get)) {
      CompletableFuture<List<Long>> read = readAll(cursor);
      append(RUN, 2, new Payload.HostStarted("h2", "t1"));
      recording.set(false); // the recorder appended its last event and went

      assertEquals(List.of(1L, 2L), read.get(1, TimeUnit.MINUTES));
      assertEquals(RunCursor.Stop.ABANDONED, cursor.stop());
    }
  }

  @Test
  void aFollowedRunWaitingForEventsAsksWhetherItIsStillRecordedAtMostOncePerLivenessCheck() {
    List<Long> asked = new CopyOnWriteArrayList<>();
    append(RUN, 1, new Payload.HostStarted("h1", "t1"));
    try (RunCursor cursor = follow(() -> asked.add(System.nanoTime()))) {
      CompletableFuture<List<Long>> read = readAll(cursor);
      await("four liveness checks").atMost(Duration.ofMinutes(1)).until(() -> asked.size() >= 4);
      stopping.set(true);
      await("the cursor to stop").atMost(Duration.ofMinutes(1)).until(read::isDone);

      for (int i = 1; i < asked.size(); i++) {
        long gap = asked.get(i) - asked.get(i - 1);
        assertTrue(gap >= RunCursor.LIVENESS_CHECK.toNanos(),
            "checks " + (i - 1) + " and " + i + " were " + gap / 1_000_000 + " ms apart");
      }
      assertEquals(RunCursor.Stop.STOPPED, cursor.stop());
    }
  }
}
