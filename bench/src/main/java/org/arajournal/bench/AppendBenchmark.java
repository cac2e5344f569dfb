package org.arajournal.bench;

import java.util.concurrent.TimeUnit;
import org.arajournal.journal.JournalAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending one 2 KB event to a real journal ({@link JournalAppender#append}): the latency
 * distribution (target p99 &lt;= 5 us) and the sustained rate.
 */
@State(Scope.Thread)
public class AppendBenchmark extends JournalBenchmark {
  private final byte[] event = SampleEvents.result(1, SampleEvents.EVENT_BYTES);
  private ScratchJournal journal;
  private JournalAppender appender;

  @Setup(Level.Iteration)
  public void openJournal() {
    journal = new ScratchJournal();
    appender = journal.journal().appender();
  }

  @TearDown(Level.Iteration)
  public void deleteJournal() {
    appender.close();
    journal.close();
  }

  /** Per-append latency; JMH reports its percentiles (p50, p90, p99, p99.9 ...). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long appendLatency() {
    return appender.append(event);
  }

  /**
   * Per-append latency when appends come at a steady 10,000 a second (20 MB/s), still hundreds of
   * times a recorder's real rate (a busy playbook: tens of events a second). Back to back, the
   * benchmark above dirties the mapped file at GB/s, and its tail is the kernel throttling that
   * writeback, which no recorder ever sees. The gap is a busy spin outside the measured call, so
   * caches stay as warm as the recorder's are between events (a parked thread would wake cold).
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long appendLatencyAtSteadyRate(SteadyRate rate) {
    return appender.append(event);
  }

  /** Spins until the next append is due, before each call and outside its measured time. */
  @State(Scope.Thread)
  public static class SteadyRate {
    private static final long GAP_NANOS = 100_000;
    private long due = System.nanoTime();

    @Setup(Level.Invocation)
    public void waitForTheNextAppend() {
      due += GAP_NANOS;
      long now;
      while ((now = System.nanoTime()) < due) {
        Thread.onSpinWait();
      }
      if (now - due > GAP_NANOS) {
        due = now; // behind (a GC, a descheduled thread): carry on from now, do not burst to catch up
      }
    }
  }

  /** Sustained appends per second from one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long appendThroughput() {
    return appender.append(event);
  }
}
