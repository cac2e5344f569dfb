package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A journal copied while it is written (cp, rsync, a USB stick, on a schedule) reads as a prefix of
 * what was appended: every whole entry before the first tear, then "no more entries", quickly,
 * without writing to the copy; a later, fuller copy placed over it reads on from there.
 */
class CopiedJournalTest {
  /** Chronicle waits 10 s for a cycle file's header that is not there: no read of a copy may come near. */
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final long DAY = TimeUnit.DAYS.toMillis(1);

  @TempDir Path tmp;

  @ParameterizedTest(name = "read-only {0}")
  @ValueSource(booleans = {false, true})
  void aCopyTakenWhileAnEntryIsHalfWrittenEndsBeforeIt(boolean readOnly) throws Exception {
    Path source = tmp.resolve("source");
    Path copy = tmp.resolve("copy");
    try (Journal journal = Journal.open(source); JournalAppender appender = journal.appender()) {
      for (int i = 0; i < 5; i++) {
        appender.append(document(i, 100 * i));
      }
      // A second Chronicle queue on the same files, as another recorder process would be.
      try (SingleChronicleQueue other = chronicle(source);
          ExcerptAppender otherAppender = other.createAppender()) {
        byte[] half = document(5, 20_000);
        try (DocumentContext dc = otherAppender.writingDocument()) {
          dc.wire().bytes().write(half, 0, half.length / 2);
          copyWithFilesCopy(source, copy); // half the data there, its header not set yet
          dc.wire().bytes().write(half, half.length / 2, half.length - half.length / 2);
        }
      }
      appender.append(document(6, 10));
    }
    List<RawEntry> all = readAll(source, false);
    assertEquals(7, all.size());
    Map<String, String> before = CopyTool.state(copy, true);

    List<RawEntry> partial = readAll(copy, readOnly);

    assertEquals(5, partial.size(), "entries before the half-written one");
    assertPrefix(all, partial, "copy taken during an append");
    assertUnwritten(before, CopyTool.state(copy, true), readOnly);
    readsOnAfterAFullerCopy(source, copy, partial, all, readOnly);
  }

  @ParameterizedTest(name = "read-only {0}")
  @ValueSource(booleans = {false, true})
  void aCopyCutAnywhereReadsEveryEntryBeforeTheCut(boolean readOnly) throws Exception {
    Path source = tmp.resolve("source");
    Random random = new Random(22);
    try (Journal journal = Journal.open(source); JournalAppender appender = journal.appender()) {
      int[] sizes = {10, 3_000, 7, 70_000, 500, 4_093, 4_096, 12_000, 1, 2_000, 9_000, 30};
      for (int i = 0; i < sizes.length; i++) {
        appender.append(document(i, sizes[i]));
      }
    }
    List<Placed> layout = layout(source);
    List<RawEntry> all = layout.stream().map(Placed::entry).toList();
    String cycleFile = onlyCycleFile(source);
    TreeSet<Long> cuts = new TreeSet<>(List.of(0L, 1L, 3L, 4L, 5L, 8L, 100L, 196L, 197L, 200L, 204L, 4_096L,
        20_000L, 65_535L, 65_536L));
    for (Placed placed : layout) {
      long header = placed.header();
      long end = placed.end();
      cuts.addAll(List.of(header - 1, header, header + 1, header + 3, header + 4, header + 5,
          (header + end) / 2, end - 1, end, end + 1, (end & -4096) + 4096));
    }
    for (int i = 0; i < 20; i++) {
      cuts.add((long) random.nextInt((int) layout.get(layout.size() - 1).end() + 100));
    }

    int n = 0;
    for (long cut : cuts) {
      Path copy = tmp.resolve("copy-" + cut);
      CopyTool.copyJournal(source, copy, random, Map.of(cycleFile, CopyTool.Stop.cut(cut)));
      Map<String, String> before = CopyTool.state(copy, true);

      List<RawEntry> partial = readAll(copy, readOnly);

      long whole = layout.stream().filter(p -> p.end() <= cut).count();
      assertEquals(whole, partial.size(), "entries read from a copy cut at " + cut);
      assertPrefix(all, partial, "copy cut at " + cut);
      assertUnwritten(before, CopyTool.state(copy, true), readOnly);
      if (n++ % 8 == 0) {
        assertSeeksAfterEachEntry(copy, readOnly, partial, "copy cut at " + cut);
        readsOnAfterAFullerCopy(source, copy, partial, all, readOnly);
      }
      deleteTree(copy);
    }
  }

  @ParameterizedTest(name = "read-only {0}")
  @ValueSource(booleans = {false, true})
  void aCopyWhoseToolSetTheLengthFirstEndsBeforeTheZeros(boolean readOnly) throws Exception {
    Path source = tmp.resolve("source");
    try (Journal journal = Journal.open(source); JournalAppender appender = journal.appender()) {
      for (int i = 0; i < 6; i++) {
        appender.append(document(i, 5_000));
      }
    }
    List<Placed> layout = layout(source);
    List<RawEntry> all = layout.stream().map(Placed::entry).toList();
    String cycleFile = onlyCycleFile(source);
    Placed third = layout.get(3);
    // Full length, zeros from the cut on: Chronicle maps such a file; the entry cut in its data
    // has a whole header. Cut at 0, not even the file's header is there.
    for (long cut : new long[] {(third.header() + third.end()) / 2, third.end() - 1, third.header() + 2, 0}) {
      Path copy = tmp.resolve("copy-" + cut);
      CopyTool.copyJournal(source, copy, new Random(cut), Map.of(cycleFile, CopyTool.Stop.preallocatedCut(cut)));
      Map<String, String> before = CopyTool.state(copy, true);

      List<RawEntry> partial = readAll(copy, readOnly);

      assertEquals(cut == 0 ? 0 : 3, partial.size(), "entries read from a copy preallocated and cut at " + cut);
      assertPrefix(all, partial, "copy preallocated and cut at " + cut);
      assertUnwritten(before, CopyTool.state(copy, true), readOnly);
      readsOnAfterAFullerCopy(source, copy, partial, all, readOnly);
    }
  }

  /**
   * This Chronicle leaves an entry's header zero while it writes the data (the half-written case); older
   * ones, and every new cycle file's first header, say "not complete" there instead.
   */
  @ParameterizedTest(name = "read-only {0}")
  @ValueSource(booleans = {false, true})
  void aCopyWithAHeaderMarkedNotCompleteEndsBeforeIt(boolean readOnly) throws Exception {
    Path source = tmp.resolve("source");
    try (Journal journal = Journal.open(source); JournalAppender appender = journal.appender()) {
      for (int i = 0; i < 5; i++) {
        appender.append(document(i, 700));
      }
    }
    List<Placed> layout = layout(source);
    List<RawEntry> all = layout.stream().map(Placed::entry).toList();
    String cycleFile = onlyCycleFile(source);
    int third = Wires.NOT_COMPLETE | (int) (layout.get(2).end() - layout.get(2).header() - Integer.BYTES);
    Map<Long, Integer> tears = Map.of(layout.get(2).header(), third, 0L, Wires.NOT_COMPLETE_UNKNOWN_LENGTH);
    for (Map.Entry<Long, Integer> tear : tears.entrySet()) {
      Path copy = tmp.resolve("copy-" + tear.getKey());
      CopyTool.copyJournal(source, copy, new Random(5), Map.of());
      try (FileChannel file = FileChannel.open(copy.resolve("queue").resolve(cycleFile), StandardOpenOption.WRITE)) {
        file.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, tear.getValue()),
            tear.getKey());
      }
      Map<String, String> before = CopyTool.state(copy, true);

      List<RawEntry> partial = readAll(copy, readOnly);

      assertEquals(tear.getKey() == 0 ? 0 : 2, partial.size(), "entries before a header not complete at " + tear.getKey());
      assertPrefix(all, partial, "header not complete at " + tear.getKey());
      assertUnwritten(before, CopyTool.state(copy, true), readOnly);
      readsOnAfterAFullerCopy(source, copy, partial, all, readOnly);
    }
  }

  @ParameterizedTest(name = "read-only {0}")
  @ValueSource(booleans = {false, true})
  void aCopyTakenAsTheDayRolledReadsUpToTheRoll(boolean readOnly) throws Exception {
    Path source = tmp.resolve("source");
    Path beforeRoll = tmp.resolve("before-roll");
    SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - 10 * DAY));
    try (Journal journal = Journal.open(source, clock); JournalAppender appender = journal.appender()) {
      for (int i = 0; i < 3; i++) {
        appender.append(document(i, 300));
      }
      CopyTool.copyJournal(source, beforeRoll, new Random(1), Map.of());
      clock.advanceMillis(DAY);
      for (int i = 3; i < 6; i++) {
        appender.append(document(i, 300));
      }
    }
    List<RawEntry> all = readAll(source, false);
    assertEquals(6, all.size());
    List<String> days = cycleFiles(source);
    assertEquals(2, days.size(), "cycle files " + days);
    String day1 = days.get(0);
    String day2 = days.get(1);
    long day2Second = layout(source).get(4).end();

    record Case(String name, int expected, ThrowingConsumer<Path> tear) {}
    List<Case> cases = List.of(
        new Case("metadata.cq4t copied before the roll", 6,
            copy -> replace(beforeRoll, copy, "metadata.cq4t")),
        new Case("metadata.cq4t copied after the roll, day 1 before it, day 2 not", 3,
            copy -> {
              replace(beforeRoll, copy, day1);
              Files.delete(copy.resolve("queue").resolve(day2));
            }),
        new Case("no metadata.cq4t", 6, copy -> Files.delete(copy.resolve("queue/metadata.cq4t"))),
        new Case("day 1 copied before the roll marked its end, day 2 after", 3,
            copy -> replace(beforeRoll, copy, day1)),
        new Case("day 2 copied as it was created (empty)", 3,
            copy -> Files.write(copy.resolve("queue").resolve(day2), new byte[0])),
        new Case("day 2 cut inside its header", 3,
            copy -> CopyTool.copyFile(source.resolve("queue").resolve(day2), copy.resolve("queue").resolve(day2),
                CopyTool.Stop.cut(300))),
        new Case("day 2 cut after its second entry", 5,
            copy -> CopyTool.copyFile(source.resolve("queue").resolve(day2), copy.resolve("queue").resolve(day2),
                CopyTool.Stop.cut(day2Second))),
        new Case("day 1 cut in its last entry, day 2 whole", 2,
            copy -> CopyTool.copyFile(source.resolve("queue").resolve(day1), copy.resolve("queue").resolve(day1),
                CopyTool.Stop.cut(layout(source).get(2).end() - 10))),
        new Case("day 1 whole up to its end marker but not as long as Chronicle makes it, day 2 whole", 6,
            copy -> CopyTool.copyFile(source.resolve("queue").resolve(day1), copy.resolve("queue").resolve(day1),
                CopyTool.Stop.cut(2L << 20))));
    for (Case c : cases) {
      Path copy = tmp.resolve("copy");
      CopyTool.copyJournal(source, copy, new Random(c.name().hashCode()), Map.of());
      c.tear().accept(copy);
      Map<String, String> before = CopyTool.state(copy, true);

      List<RawEntry> partial = readAll(copy, readOnly);

      assertEquals(c.expected(), partial.size(), c.name());
      assertPrefix(all, partial, c.name());
      assertSeeksAfterEachEntry(copy, readOnly, partial, c.name());
      if (readOnly) {
        assertUnwritten(before, CopyTool.state(copy, true), true);
      }
      readsOnAfterAFullerCopy(source, copy, partial, all, readOnly);
      deleteTree(copy);
    }
  }

  @Test
  void copiesTakenWhileOthersAppendReadAsPrefixes() throws Exception {
    Path source = tmp.resolve("source");
    SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - 30 * DAY));
    List<RawEntry> appended = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Journal.open(source).close();
    // A recorder appending steadily, rolling to a new cycle file now and then ...
    Thread steady = new Thread(() -> {
      Random sizes = new Random(7);
      try (Journal journal = Journal.open(source, clock); JournalAppender appender = journal.appender()) {
        for (int i = 0; !stop.get(); i++) {
          if (i % 300 == 299) {
            clock.advanceMillis(DAY);
          }
          byte[] document = document(i, sizes.nextInt(50) == 0 ? 40_000 : sizes.nextInt(2_000));
          long index = appender.append(document);
          synchronized (appended) {
            appended.add(new RawEntry(index, document));
          }
          LockSupport.parkNanos(250_000);
        }
      }
    }, "steady-appender");
    // ... and another one descheduled in the middle of its appends, so copies catch its headers
    // not complete (Chronicle holds the others back meanwhile).
    Thread halting = new Thread(() -> {
      try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(source.resolve("queue"))
              .blockSize(Journal.BLOCK_SIZE).timeProvider(clock).build();
          ExcerptAppender appender = queue.createAppender()) {
        for (int i = 1_000_000; !stop.get(); i++) {
          byte[] document = document(i, 3_000);
          try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(document, 0, 1_000);
            LockSupport.parkNanos(1_000_000);
            dc.wire().bytes().write(document, 1_000, document.length - 1_000);
            synchronized (appended) {
              appended.add(new RawEntry(dc.index(), document));
            }
          }
          LockSupport.parkNanos(8_000_000);
        }
      }
    }, "halting-appender");
    steady.start();
    while (steady.isAlive() && sizeOf(appended) < 100) {
      Thread.sleep(1); // the first copies would find no cycle file yet
    }
    halting.start();

    Random random = new Random(22);
    List<List<RawEntry>> partials = new ArrayList<>();
    Path copy = null;
    try {
      for (int round = 0; round < 16; round++) {
        Thread.sleep(random.nextInt(20));
        copy = tmp.resolve("copy-" + round);
        Map<String, CopyTool.Stop> stops = Map.of();
        if (round % 4 == 3) {
          // an interrupted copy: the newest cycle file stops somewhere in its data
          List<String> days = cycleFiles(source);
          stops = Map.of(days.get(days.size() - 1), CopyTool.Stop.cut(65_536 + random.nextInt(1 << 20)));
        }
        CopyTool.copyJournal(source, copy, random, stops);
        boolean readOnly = round % 2 == 1;
        // Without checksums: 160 MB per cycle file. A read-only queue maps its files read-only,
        // so only calls that change a file's length or time could write to it.
        Map<String, String> before = readOnly ? CopyTool.state(copy, false) : null;
        partials.add(readAll(copy, readOnly));
        if (readOnly) {
          assertUnwritten(before, CopyTool.state(copy, false), true);
        }
        if (round < 15) {
          deleteTree(copy);
        }
      }
    } finally {
      stop.set(true);
      steady.join();
      halting.join();
    }

    List<RawEntry> all;
    synchronized (appended) {
      all = new ArrayList<>(appended);
    }
    all.sort(Comparator.comparingLong(RawEntry::index));
    int longest = 0;
    for (int round = 0; round < partials.size(); round++) {
      assertPrefix(all, partials.get(round), "copy " + round);
      longest = Math.max(longest, partials.get(round).size());
    }
    assertTrue(cycleFiles(source).size() > 1, "the appends never rolled into another cycle file");
    assertTrue(longest < all.size(), "no copy was taken while the appends went on");
    readsOnAfterAFullerCopy(source, copy, partials.get(partials.size() - 1), all, false);
  }

  @Test
  void lastIndexOfACopyCutShortIsTheLastEntryBeforeTheCut() throws Exception {
    Path source = tmp.resolve("source");
    try (Journal journal = Journal.open(source); JournalAppender appender = journal.appender()) {
      for (int i = 0; i < 4; i++) {
        appender.append(document(i, 1_000));
      }
    }
    List<Placed> layout = layout(source);
    Path copy = tmp.resolve("copy");
    CopyTool.copyJournal(source, copy, new Random(4),
        Map.of(onlyCycleFile(source), CopyTool.Stop.cut(layout.get(2).end() + 3)));

    try (Journal journal = Journal.openReadOnly(copy)) {
      assertEquals(layout.get(2).entry().index(), assertTimeoutPreemptively(BOUND, journal::lastIndex));
    }
  }

  /** A later copy over the same directory: the reader goes on after the last entry it had, then a fresh one reads all. */
  private void readsOnAfterAFullerCopy(Path source, Path copy, List<RawEntry> partial, List<RawEntry> all,
      boolean readOnly) throws Exception {
    CopyTool.copyJournal(source, copy, new Random(partial.size()), Map.of());
    assertTimeoutPreemptively(BOUND, () -> {
      try (Journal journal = open(copy, readOnly); JournalReader reader = journal.reader()) {
        if (!partial.isEmpty()) {
          assertTrue(reader.seekAfter(partial.get(partial.size() - 1).index()), "seek after the partial copy's last entry");
        }
        List<RawEntry> rest = new ArrayList<>();
        for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
          rest.add(entry);
        }
        List<RawEntry> together = new ArrayList<>(partial);
        together.addAll(rest);
        assertEquals(all.size(), together.size(), "entries of the partial copy and of the fuller copy after it");
        assertPrefix(all, together, "the fuller copy read on");
      }
    });
    assertPrefix(all, readAll(copy, readOnly), "the fuller copy from its start");
    assertEquals(all.size(), readAll(copy, readOnly).size());
  }

  /** Seeking after each entry read from a torn copy finds the one after it, and nothing after the last. */
  private static void assertSeeksAfterEachEntry(Path copy, boolean readOnly, List<RawEntry> partial, String what) {
    assertTimeoutPreemptively(BOUND, () -> {
      try (Journal journal = open(copy, readOnly); JournalReader reader = journal.reader()) {
        for (int i = 0; i < partial.size(); i++) {
          assertTrue(reader.seekAfter(partial.get(i).index()), what + ": seek after entry " + i);
          RawEntry next = reader.next();
          if (i + 1 < partial.size()) {
            assertEquals(partial.get(i + 1).index(), next == null ? null : next.index(), what + ": after entry " + i);
          } else {
            assertNull(next, what + ": an entry after the last whole one");
          }
        }
      }
    });
  }

  private static List<RawEntry> readAll(Path dir, boolean readOnly) {
    return assertTimeoutPreemptively(BOUND, () -> {
      try (Journal journal = open(dir, readOnly); JournalReader reader = journal.reader()) {
        List<RawEntry> read = new ArrayList<>();
        for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
          read.add(entry);
        }
        assertNull(reader.next(), "a reader that had no more entries found one on asking again");
        return read;
      }
    }, () -> "reading " + dir + " took longer than " + BOUND);
  }

  private static int sizeOf(List<RawEntry> appended) {
    synchronized (appended) {
      return appended.size();
    }
  }

  private static Journal open(Path dir, boolean readOnly) {
    return readOnly ? Journal.openReadOnly(dir) : Journal.open(dir);
  }

  private static void assertPrefix(List<RawEntry> all, List<RawEntry> read, String what) {
    assertTrue(read.size() <= all.size(), what + ": read " + read.size() + " entries, only " + all.size() + " appended");
    for (int i = 0; i < read.size(); i++) {
      assertEquals(all.get(i).index(), read.get(i).index(), what + ": index of entry " + i);
      assertArrayEquals(all.get(i).data(), read.get(i).data(), what + ": bytes of entry " + i);
    }
  }

  /**
   * Read-only: nothing in the copy changes. Read-write: Chronicle rewrites its metadata file on
   * every open and Journal.open makes the files private, but the cycle files' contents stay as
   * copied (mapping a cut one would extend it with zeros).
   */
  private static void assertUnwritten(Map<String, String> before, Map<String, String> after, boolean readOnly) {
    if (readOnly) {
      assertEquals(before, after, "a read-only reader changed the copy");
      return;
    }
    for (String file : before.keySet()) {
      if (file.endsWith(".cq4")) {
        assertEquals(withoutMode(before.get(file)), withoutMode(after.get(file)), "reading changed " + file);
      }
    }
  }

  private static String withoutMode(String state) {
    return state == null ? null : state.replaceAll(", [rwx-]{9}", "");
  }

  private static SingleChronicleQueue chronicle(Path journal) {
    return SingleChronicleQueueBuilder.binary(journal.resolve("queue")).blockSize(Journal.BLOCK_SIZE).build();
  }

  /** Each entry of a closed journal, with the file offsets of its header and of its end. */
  private record Placed(RawEntry entry, long header, long end) {}

  private static List<Placed> layout(Path journal) {
    List<Placed> placed = new ArrayList<>();
    try (SingleChronicleQueue queue = chronicle(journal); ExcerptTailer tailer = queue.createTailer()) {
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return placed;
          }
          Bytes<?> bytes = dc.wire().bytes();
          long start = bytes.readPosition();
          long end = bytes.readLimit();
          byte[] data = new byte[(int) (end - start)];
          bytes.read(data);
          placed.add(new Placed(new RawEntry(dc.index(), data), start - Integer.BYTES, end));
        }
      }
    }
  }

  private static String onlyCycleFile(Path journal) throws Exception {
    List<String> files = cycleFiles(journal);
    assertEquals(1, files.size(), "cycle files " + files);
    return files.get(0);
  }

  private static List<String> cycleFiles(Path journal) throws Exception {
    try (Stream<Path> files = Files.list(journal.resolve("queue"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
    }
  }

  private static void replace(Path from, Path copy, String queueFile) throws Exception {
    Files.copy(from.resolve("queue").resolve(queueFile), copy.resolve("queue").resolve(queueFile),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The literal case of the issue: Files.copy, file by file, while the writer is inside a document. */
  private static void copyWithFilesCopy(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A JSON document of about {@code size} bytes, numbered so a misplaced one shows. */
  private static byte[] document(int n, int size) {
    return ("{\"n\":" + n + ",\"pad\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface ThrowingConsumer<T> {
    void accept(T t) throws Exception;
  }
}
