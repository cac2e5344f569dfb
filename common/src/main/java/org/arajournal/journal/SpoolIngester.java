package org.arajournal.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arajournal.event.Envelope;
import org.arajournal.event.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves spool files into the journal: frames a callback kept because its recorder died or never
 * started. Frames already in the journal (appended but not acknowledged before the recorder died)
 * are skipped by (run, seq), so each event lands exactly once.
 *
 * <p>A callback holds an exclusive lock on its spool file while it writes; a locked file is left
 * for a later ingestion.
 */
public final class SpoolIngester {
  private static final Logger log = LoggerFactory.getLogger(SpoolIngester.class);

  private final Journal journal;
  private final Quarantine quarantine;

  public SpoolIngester(Journal journal) {
    this.journal = journal;
    this.quarantine = new Quarantine(journal);
  }

  /** What one {@link #ingestAll()} did. */
  public record Summary(int files, long appended, long duplicates, long quarantined) {}

  /** Ingests every spool file not being written; returns what it did. */
  public Summary ingestAll() throws IOException {
    int files = 0;
    long appended = 0;
    long duplicates = 0;
    long quarantined = 0;
    try (DirectoryStream<Path> spools = Files.newDirectoryStream(journal.spoolDir(), "*.spool")) {
      for (Path spool : spools) {
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          FileLock lock = channel.tryLock();
          if (lock == null) {
            log.debug("spool {} is still being written; leaving it", spool);
            continue;
          }
          if (!Files.exists(spool)) {
            continue; // another ingester finished it between our listing and our lock
          }
          Summary one = ingest(spool, channel);
          files++;
          appended += one.appended();
          duplicates += one.duplicates();
          quarantined += one.quarantined();
          // Delete while still locked: a crash before this line only means a re-ingest that dedups.
          Files.delete(spool);
          log.info("ingested spool {}: {} events appended, {} already in the journal, {} quarantined",
              spool.getFileName(), one.appended(), one.duplicates(), one.quarantined());
        }
      }
    }
    return new Summary(files, appended, duplicates, quarantined);
  }

  private Summary ingest(Path spool, FileChannel channel) throws IOException {
    List<byte[]> frames = new ArrayList<>();
    InputStream in = Channels.newInputStream(channel.position(0));
    Frames reader = new Frames(in);
    try {
      for (byte[] frame = reader.next(); frame != null; frame = reader.next()) {
        frames.add(frame);
      }
    } catch (Frames.TruncatedFrameException e) {
      log.warn("spool {} ends with a partial frame ({}); the frames before it are ingested",
          spool, e.getMessage());
    }
    Map<String, Set<Long>> recorded = recordedSeqs(runsOf(frames));
    long appended = 0;
    long duplicates = 0;
    long quarantined = 0;
    try (JournalAppender appender = journal.appender()) {
      for (byte[] frame : frames) {
        Key key = keyOf(frame);
        if (key != null && !recorded.computeIfAbsent(key.run(), r -> new HashSet<>()).add(key.seq())) {
          duplicates++;
          continue;
        }
        if (quarantine.append(appender, frame, "spool " + spool.getFileName()) != null) {
          appended++;
        } else {
          quarantined++;
        }
      }
    }
    return new Summary(1, appended, duplicates, quarantined);
  }

  private Set<String> runsOf(List<byte[]> frames) {
    Set<String> runs = new HashSet<>();
    for (byte[] frame : frames) {
      Key key = keyOf(frame);
      if (key != null) {
        runs.add(key.run());
      }
    }
    return runs;
  }

  /** Sequence numbers already in the journal for each of {@code runs}. */
  private Map<String, Set<Long>> recordedSeqs(Set<String> runs) {
    Map<String, Set<Long>> seqs = new HashMap<>();
    if (runs.isEmpty()) {
      return seqs;
    }
    try (JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        Key key = keyOf(entry.data());
        if (key != null && runs.contains(key.run())) {
          seqs.computeIfAbsent(key.run(), r -> new HashSet<>()).add(key.seq());
        }
      }
    }
    return seqs;
  }

  private static Key keyOf(byte[] frame) {
    try {
      Envelope envelope = Envelope.read(frame);
      return new Key(envelope.run().toString(), envelope.seq());
    } catch (MalformedEventException e) {
      return null; // not an event: quarantined when appended
    }
  }

  private record Key(String run, long seq) {}
}
