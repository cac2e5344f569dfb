package org.arajournal.bench;

import java.util.concurrent.TimeUnit;
import org.arajournal.journal.JournalAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Appending one 2 KB event to a real journal ({@link JournalAppender#append}) back to back: the
 * latency distribution and the sustained rate. {@link SteadyAppendBenchmark} appends at a
 * recorder's pace.
 */
@State(Scope.Thread)
public class AppendBenchmark extends AppendingBenchmark {
  /** Per-append latency; JMH reports its percentiles (p50, p90, p99, p99.9 ...). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long appendLatency() {
    return appender.append(event);
  }

  /** Sustained appends per second from one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long appendThroughput() {
    return appender.append(event);
  }
}
