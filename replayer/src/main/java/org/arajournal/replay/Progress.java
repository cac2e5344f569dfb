package org.arajournal.replay;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far a replay is: on a terminal one line rewritten in place (events done/total, rate,
 * ETA); otherwise a log line every ten seconds.
 */
public final class Progress implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Progress.class);

  private final PrintStream terminal;
  private final AtomicLong done = new AtomicLong();
  private final AtomicInteger runsDone = new AtomicInteger();
  private volatile long total;
  private long lastLogged = -1;
  private volatile int runs;
  private volatile long startNanos;
  private ScheduledExecutorService ticker;

  /** @param terminal where to draw the progress line, or null to log instead */
  public Progress(PrintStream terminal) {
    this.terminal = terminal;
  }

  /** A progress line on stderr when this process runs on a terminal, log lines otherwise. */
  public static Progress forConsole() {
    return new Progress(System.console() != null ? System.err : null);
  }

  void start(long totalEvents, int totalRuns) {
    this.total = totalEvents;
    this.runs = totalRuns;
    this.startNanos = System.nanoTime();
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "replay-progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal != null ? 250 : 10_000;
    ticker.scheduleAtFixedRate(this::show, period, period, TimeUnit.MILLISECONDS);
  }

  void add(long events) {
    done.addAndGet(events);
  }

  void runDone() {
    runsDone.incrementAndGet();
  }

  long done() {
    return done.get();
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private String line() {
    long now = done.get();
    double seconds = Math.max(seconds(), 1e-3);
    double rate = now / seconds;
    if (total == 0 && runs == 0) { // following: no end to count down to
      return String.format("replayed %d events, %d runs done, %.0f events/s", now, runsDone.get(), rate);
    }
    String eta = rate > 0 && total > now ? formatDuration((long) ((total - now) / rate)) : "-";
    return String.format("replayed %d/%d events, %d/%d runs, %.0f events/s, ETA %s", now, total, runsDone.get(),
        runs, rate, eta);
  }

  private void show() {
    if (terminal != null) {
      terminal.print("\r" + line() + "   ");
      terminal.flush();
    } else if (done.get() != lastLogged) { // an idle follow logs nothing
      lastLogged = done.get();
      log.info(line());
    }
  }

  private static String formatDuration(long seconds) {
    return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (terminal != null && ticker != null) {
      terminal.print("\r" + line() + "   \n");
      terminal.flush();
    }
  }
}
