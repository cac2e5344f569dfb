package org.arajournal.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.arajournal.event.Envelope;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.recorder.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The recorder's whole path per event: read a frame, check its {@link Envelope}, append it,
 * acknowledge. Scores are events per second ({@link OperationsPerInvocation} = one batch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecorderBenchmark extends JournalBenchmark {
  /** Frames per {@link Recorder#record} call: a playbook's worth of results. */
  static final int BATCH = 1000;

  private final byte[] frames = SampleEvents.frames(BATCH, SampleEvents.EVENT_BYTES);
  private final byte[] event = SampleEvents.result(1, SampleEvents.EVENT_BYTES);
  private final EventCodec codec = new EventCodec();
  private ScratchJournal journal;
  private Recorder recorder;

  @Setup(Level.Iteration)
  public void openJournal() {
    journal = new ScratchJournal();
    recorder = new Recorder(journal.journal());
  }

  @TearDown(Level.Iteration)
  public void deleteJournal() {
    journal.close();
  }

  /** Frames in, journal entries and acks out, as {@code ara-journal record} does on its pipes. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Recorder.Summary record() throws IOException {
    Recorder.Summary summary = recorder.record(new ByteArrayInputStream(frames), OutputStream.nullOutputStream());
    if (summary.appended() != BATCH || summary.quarantined() != 0) {
      throw new IllegalStateException("the sample events did not all record cleanly: " + summary);
    }
    return summary;
  }

  /** The recorder's check alone, to see its share of {@link #record}. */
  @Benchmark
  public Envelope envelope() {
    return Envelope.read(event);
  }

  /** A full decode of the same event, which the recorder did before and the replay does. */
  @Benchmark
  public Event decode() {
    return codec.decode(new String(event, StandardCharsets.UTF_8));
  }
}
