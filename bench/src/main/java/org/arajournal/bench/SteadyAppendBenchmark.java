package org.arajournal.bench;

import java.util.concurrent.TimeUnit;
import org.arajournal.journal.JournalAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Appending one 2 KB event at a steady 10,000 a second, the latency the target (p99 &lt;= 5 us)
 * is about. Still hundreds of times a recorder's real rate (a busy playbook: tens of events a
 * second), but like the recorder each append follows an idle moment: back to back
 * ({@link AppendBenchmark}) the mapped file is dirtied at GB/s and the tail is the kernel
 * throttling that writeback, which no recorder sees.
 */
@State(Scope.Thread)
public class SteadyAppendBenchmark extends AppendingBenchmark {
  /** Whether the idle moment before each append calls {@link JournalAppender#touchAhead}, as the recorder does. */
  @Param({"true", "false"})
  public boolean touchAhead;

  private final SteadyRate rate = new SteadyRate();
  /** The recorder's idle moment between two events, outside the measured time. */
  @Setup(Level.Invocation)
  public void idle() {
    if (touchAhead) {
      appender.touchAhead();
    }
    rate.awaitNext();
  }

  /** Per-append latency; JMH reports its percentiles (p50, p90, p99, p99.9 ...). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long appendLatency() {
    return appender.append(event);
  }
}
