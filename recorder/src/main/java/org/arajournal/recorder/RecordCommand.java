package org.arajournal.recorder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.arajournal.journal.DiskSpace;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalOrigin;
import org.arajournal.journal.SpoolIngester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder process the callback starts: ingests leftover spool files, then records its stdin
 * into the journal until end of input (its stdout carries acknowledgements only); then, when
 * ARA_JOURNAL_RECORDER_IDLE allows, records later runs as a {@link SharedRecorder} until idle.
 */
public final class RecordCommand {
  private static final Logger log = LoggerFactory.getLogger(RecordCommand.class);

  private final Path journalDir;

  public RecordCommand(Path journalDir) {
    this.journalDir = journalDir;
  }

  /** Runs until end of stdin; returns the process exit code. */
  public int run() throws IOException, InterruptedException {
    // Take raw fds: System.out may be redirected by logging, and acks must go only to the callback.
    InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 20);
    OutputStream acks = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
    try (Journal journal = Journal.open(journalDir)) {
      // Spool ingestion runs beside recording: the callback must not wait for it.
      Thread ingestion = new Thread(() -> ingest(journal), "spool-ingestion");
      ingestion.start();
      Recorder recorder = new Recorder(journal, reserve(System.getenv("ARA_JOURNAL_MIN_FREE")));
      Duration idle = idle(System.getenv("ARA_JOURNAL_RECORDER_IDLE"));
      Optional<SharedRecorder> shared = idle.isZero() ? Optional.empty()
          : SharedRecorder.listen(journal, recorder, idle, new LoadedCode(RecordCommand.class, Journal.class));
      Recorder.Summary summary = recorder.record(in, acks);
      // Its run is over: the callback may close its end of the pipes without this process noticing.
      in.close();
      acks.close();
      log.info("recorded {} events into {} ({} quarantined{})", summary.appended(), journal.dir(),
          summary.quarantined(), summary.truncated() ? ", input ended mid-frame" : "");
      if (shared.isPresent()) {
        shared.get().serveUntilIdle();
      }
      ingestion.join();
    }
    return 0;
  }

  /**
   * How long the recorder serves later runs after its own: ARA_JOURNAL_RECORDER_IDLE, in seconds
   * (the callback passes its setting on); 0, the default here, ends it with its run.
   */
  static Duration idle(String setting) {
    if (setting == null || setting.isBlank()) {
      return Duration.ZERO;
    }
    try {
      double seconds = Double.parseDouble(setting.trim());
      if (seconds >= 0 && seconds <= Duration.ofDays(1).toSeconds()) {
        return Duration.ofMillis(Math.round(seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // said below
    }
    log.warn("ARA_JOURNAL_RECORDER_IDLE must be seconds from 0 to 86400, was '{}'; this recorder ends with its run",
        setting);
    return Duration.ZERO;
  }

  /** The free space to keep on the journal's disk: ARA_JOURNAL_MIN_FREE (the callback passes its setting on). */
  static long reserve(String setting) {
    if (setting == null || setting.isBlank()) {
      return DiskSpace.DEFAULT_RESERVE;
    }
    try {
      return DiskSpace.parseSize(setting, "ARA_JOURNAL_MIN_FREE");
    } catch (IllegalArgumentException e) {
      log.warn("{}; keeping the default of {} bytes free", e.getMessage(), DiskSpace.DEFAULT_RESERVE);
      return DiskSpace.DEFAULT_RESERVE;
    }
  }

  private static void ingest(Journal journal) {
    try {
      // A replay closes a dead run at once only where its recorders run (not in a copy): say where.
      new JournalOrigin(journal.dir()).claim();
    } catch (IOException e) {
      log.warn("cannot mark {} as written on this machine ({}); a replay here treats it as a copy and waits"
          + " --abandon-after before it closes a run without an end", journal.dir(), e.toString());
    }
    try {
      new SpoolIngester(journal).ingestAll();
    } catch (IOException | RuntimeException e) {
      log.error("spool ingestion in {} failed; the spool files stay for the next recorder: {}",
          journal.spoolDir(), e.toString());
    }
  }
}
