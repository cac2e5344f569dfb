package org.arajournal.recorder;

import static org.arajournal.journal.TestFrames.entries;
import static org.arajournal.journal.TestFrames.event;
import static org.arajournal.journal.TestFrames.frames;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.arajournal.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRecorderTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  @TempDir Path tmp;

  @Test
  void aLaterRunRecordsThroughTheSocketAndGetsItsAcknowledgement() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      SharedRecorder shared = listen(journal, LONG).orElseThrow();
      try (SocketChannel run = connect()) {
        assertEquals(SharedRecorder.GREETING, readGreeting(run));
        run.write(ByteBuffer.wrap(frames(event(1), event(2))));
        run.shutdownOutput();

        assertTrue(readToEnd(run).endsWith("2\n"));
      }
      assertEquals(List.of(event(1), event(2)), entries(journal));
      shared.stop();
    }
  }

  @Test
  void runsRecordingAtOnceAreEachRecordedWhole() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      SharedRecorder shared = listen(journal, LONG).orElseThrow();
      try (SocketChannel first = connect(); SocketChannel second = connect()) {
        readGreeting(first);
        readGreeting(second);
        first.write(ByteBuffer.wrap(frames(event(1))));
        second.write(ByteBuffer.wrap(frames(event(11))));
        first.write(ByteBuffer.wrap(frames(event(2))));
        second.write(ByteBuffer.wrap(frames(event(12))));
        first.shutdownOutput();
        second.shutdownOutput();

        assertTrue(readToEnd(first).endsWith("2\n"));
        assertTrue(readToEnd(second).endsWith("2\n"));
      }
      assertEquals(new HashSet<>(List.of(event(1), event(2), event(11), event(12))), new HashSet<>(entries(journal)));
      shared.stop();
    }
  }

  @Test
  void onlyOneRecorderPerJournalListens() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      Process other = holdLock(tmp.resolve("recorder.lock"));
      try {
        assertEquals(Optional.empty(), listen(journal, LONG));
      } finally {
        other.destroyForcibly().waitFor();
      }

      listen(journal, LONG).orElseThrow().stop();
    }
  }

  @Test
  void aSocketLeftByAKilledRecorderIsReplaced() throws Exception {
    Files.writeString(tmp.resolve("recorder.sock"), "left behind");
    try (Journal journal = Journal.open(tmp)) {
      SharedRecorder shared = listen(journal, LONG).orElseThrow();
      try (SocketChannel run = connect()) {
        assertEquals(SharedRecorder.GREETING, readGreeting(run));
      }
      shared.stop();
    }
  }

  @Test
  void stopsListeningOnceNoRunHasUsedItForTheIdleTime() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      SharedRecorder shared = listen(journal, Duration.ofMillis(200)).orElseThrow();

      shared.serveUntilIdle();

      assertFalse(Files.exists(tmp.resolve("recorder.sock")));
      assertThrows(IOException.class, this::connect);
    }
  }

  @Test
  void waitsForARunInProgressBeforeStopping() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      SharedRecorder shared = listen(journal, Duration.ofMillis(100)).orElseThrow();
      try (SocketChannel run = connect()) {
        readGreeting(run);
        CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> {
          try {
            shared.serveUntilIdle();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
        run.write(ByteBuffer.wrap(frames(event(1))));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !idle.isDone());

        run.shutdownOutput();
        assertTrue(readToEnd(run).endsWith("1\n"));
        await().atMost(Duration.ofSeconds(10)).until(idle::isDone);
      }
      assertEquals(List.of(event(1)), entries(journal));
    }
  }

  @Test
  void aRecorderWhoseCodeChangedOnDiskTakesNoMoreRunsAndLetsAnotherListen() throws Exception {
    try (Journal journal = Journal.open(tmp)) {
      SharedRecorder stale = SharedRecorder.listen(journal, new Recorder(journal), LONG, () -> true).orElseThrow();
      try (SocketChannel run = connect()) {
        assertEquals("", readToEnd(run), "no greeting: the callback starts a current recorder");
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(tmp.resolve("recorder.sock")));
      stale.serveUntilIdle(); // returns at once: it can take no runs any more
      SharedRecorder current = listen(journal, LONG).orElseThrow();
      try (SocketChannel run = connect()) {
        assertEquals(SharedRecorder.GREETING, readGreeting(run));
      }
      current.stop();
    }
  }

  @Test
  void aJournalWhosePathIsTooLongForASocketSharesNothing() throws Exception {
    Path deep = tmp.resolve("d".repeat(120));
    try (Journal journal = Journal.open(deep)) {
      assertEquals(Optional.empty(), listen(journal, LONG));
    }
  }

  private Optional<SharedRecorder> listen(Journal journal, Duration idle) throws IOException {
    return SharedRecorder.listen(journal, new Recorder(journal), idle, () -> false);
  }

  /** Another process holding a POSIX lock on {@code file}, the kind Java's FileChannel takes. */
  private static Process holdLock(Path file) throws IOException {
    Process holder = new ProcessBuilder("/usr/bin/python3", "-c",
        "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True);"
            + " sys.stdin.read()", file.toString()).redirectErrorStream(true).start();
    String line = new String(holder.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
    assertEquals("held\n", line);
    return holder;
  }

  private SocketChannel connect() throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(tmp.resolve("recorder.sock")));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  private static String readGreeting(SocketChannel channel) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (channel.read(one.clear()) == 1) {
      line.write(one.get(0));
      if (one.get(0) == '\n') {
        break;
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static String readToEnd(SocketChannel channel) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (channel.read(buffer.clear()) > 0) {
      all.write(buffer.array(), 0, buffer.position());
    }
    return all.toString(StandardCharsets.US_ASCII);
  }
}
