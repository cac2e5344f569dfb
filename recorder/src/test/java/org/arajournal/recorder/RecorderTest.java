package org.arajournal.recorder;

import static org.arajournal.journal.TestFrames.entries;
import static org.arajournal.journal.TestFrames.event;
import static org.arajournal.journal.TestFrames.frames;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.arajournal.journal.Journal;
import org.arajournal.journal.LiveRuns;
import org.arajournal.journal.TestFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
  @TempDir Path tmp;

  @Test
  void appendsEveryFrameExactlyAsReceived() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      new Recorder(journal).record(new ByteArrayInputStream(frames(event(1), event(2))),
          new ByteArrayOutputStream());

      assertEquals(List.of(event(1), event(2)), entries(journal));
    }
  }

  @Test
  void acknowledgesTheCountOfAppendedFrames() throws Exception {
    ByteArrayOutputStream acks = new ByteArrayOutputStream();
    try (Journal journal = Journal.open(tmp)) {
      new Recorder(journal).record(new ByteArrayInputStream(frames(event(1), event(2), event(3))), acks);
    }
    String[] lines = acks.toString(StandardCharsets.US_ASCII).split("\n");

    assertEquals("3", lines[lines.length - 1]);
  }

  @Test
  void quarantinesAFrameThatIsNotAnEventAndKeepsGoing() throws Exception {
    ByteArrayOutputStream acks = new ByteArrayOutputStream();
    try (Journal journal = Journal.open(tmp)) {
      Recorder.Summary summary = new Recorder(journal).record(
          new ByteArrayInputStream(frames(event(1), "{broken", event(2))), acks);

      List<String> entries = entries(journal);
      assertEquals(3, entries.size());
      assertTrue(entries.get(1).contains("\"type\":\"quarantined\""), entries.get(1));
      assertTrue(entries.get(1).contains("not valid JSON"), entries.get(1));
      assertEquals(event(2), entries.get(2));
      assertEquals(1, summary.quarantined());
    }
    assertTrue(acks.toString(StandardCharsets.US_ASCII).endsWith("3\n"));
  }

  @Test
  void appendsAFrameWithAValidEnvelopeAsItCameAndLeavesItsPayloadToTheReplay() throws Exception {
    // The replay reads the payload and turns a bad one into a dead letter naming the entry.
    String odd = event(2).replace("\"task_uuid\":\"t-2\"", "\"task_uuid\":{\"x\":[1,null]}");
    try (Journal journal = Journal.open(tmp)) {
      Recorder.Summary summary = new Recorder(journal).record(
          new ByteArrayInputStream(frames(event(1), odd)), new ByteArrayOutputStream());

      assertEquals(List.of(event(1), odd), entries(journal));
      assertEquals(0, summary.quarantined());
    }
  }

  @Test
  void marksTheRunLiveUntilItsInputEnds() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      PipedOutputStream callback = new PipedOutputStream();
      PipedInputStream in = new PipedInputStream(callback, 1 << 16);
      Thread recording = new Thread(() -> {
        try {
          new Recorder(journal).record(in, new ByteArrayOutputStream());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      recording.start();
      LiveRuns live = new LiveRuns(journal);
      UUID run = UUID.fromString(TestFrames.RUN);

      callback.write(frames(event(1)));
      callback.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> live.isLive(run));
      callback.close();
      recording.join();

      assertFalse(live.isLive(run));
    }
  }

  @Test
  void keepsTheFramesBeforeAnInputThatEndsMidFrame() throws Exception {
    byte[] whole = frames(event(1), event(2));
    byte[] cut = Arrays.copyOf(whole, whole.length - 5);
    try (Journal journal = Journal.open(tmp)) {
      Recorder.Summary summary = new Recorder(journal).record(new ByteArrayInputStream(cut),
          new ByteArrayOutputStream());

      assertEquals(List.of(event(1)), entries(journal));
      assertTrue(summary.truncated());
    }
  }
}
