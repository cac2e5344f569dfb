package org.arajournal.bench;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor under {@link SteadyAppendBenchmark}: the same steady 10,000 calls a second measuring
 * nothing, and a bare 2 KB copy into a memory-mapped file, with and without touching the next
 * pages in the idle moment before. Whatever these show, no journal on this machine can beat.
 */
@State(Scope.Thread)
public class AppendFloorBenchmark extends JournalBenchmark {
  /** Room for 2 s of 2 KB copies at 10,000/s, with margin; a fresh file each iteration. */
  private static final int FILE_BYTES = 128 << 20;
  private static final int PAGE = 4096;
  private static final int PAGES_AHEAD = 16;

  /** Whether the idle moment before each call writes a byte into each of the next 16 pages. */
  @Param({"true", "false"})
  public boolean touchAhead;

  private final byte[] event = SampleEvents.result(1, SampleEvents.EVENT_BYTES);
  private Path file;
  private FileChannel channel;
  private MappedByteBuffer mapped;
  private int position;
  private final SteadyRate rate = new SteadyRate();
  private long calls;

  @Setup(Level.Iteration)
  public void mapAFreshFile() throws IOException {
    Path parent = Paths.get(System.getProperty(ScratchJournal.DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
    file = Files.createTempFile(parent, "ara-journal-floor-", ".bin");
    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES);
    position = 0;
  }

  @TearDown(Level.Iteration)
  public void deleteTheFile() throws IOException {
    channel.close();
    mapped = null;
    Files.delete(file);
  }

  /** The idle moment before each call, outside the measured time. */
  @Setup(Level.Invocation)
  public void idle() {
    if (touchAhead) {
      int page = position & -PAGE;
      for (int ahead = 1; ahead <= PAGES_AHEAD && page + ahead * PAGE < FILE_BYTES; ahead++) {
        mapped.put(page + ahead * PAGE, (byte) 0);
      }
    }
    rate.awaitNext();
  }

  /** Nothing at all between the two clock reads: the machine's and the harness's own jitter. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long nothing() {
    return ++calls;
  }

  /** A 2 KB copy to the next place in a sparse mapped file: every other copy reaches a fresh page. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int copyToMappedFile() {
    if (position + event.length > FILE_BYTES) {
      position = 0;
    }
    mapped.put(position, event);
    position += event.length;
    return position;
  }
}
