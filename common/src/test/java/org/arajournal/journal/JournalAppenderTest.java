package org.arajournal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalAppenderTest {
  private static final int APPENDS = 100;
  /** Two fresh 4 KB pages per append, so an append that finds none mapped must fault. */
  private static final byte[] EIGHT_KB = document(8 * 1024);

  @TempDir Path tmp;

  @Test
  void anAppendAfterTouchingAheadFindsItsPagesAlreadyMapped() throws IOException {
    long untouched;
    long touched;
    try (Journal journal = Journal.open(tmp.resolve("untouched"));
        JournalAppender appender = journal.appender();
        ThreadFaults faults = new ThreadFaults()) {
      untouched = faultsOfAppends(appender, faults, false);
    }
    try (Journal journal = Journal.open(tmp.resolve("touched"));
        JournalAppender appender = journal.appender();
        ThreadFaults faults = new ThreadFaults()) {
      touched = faultsOfAppends(appender, faults, true);
    }

    // Without touching ahead each append faults its two fresh pages in: the count shows the
    // measurement sees them. With it, the faults happen in touchAhead, outside the appends.
    assertTrue(untouched >= APPENDS, "appends without touching ahead faulted only " + untouched + " times");
    assertTrue(touched <= APPENDS / 5,
        "appends after touching ahead faulted " + touched + " times (without: " + untouched + ")");
  }

  @Test
  void touchingAheadChangesNothingAnotherAppenderWrites() {
    try (Journal journal = Journal.open(tmp.resolve("j"));
        Journal other = Journal.open(tmp.resolve("j"));
        JournalAppender appender = journal.appender();
        JournalAppender otherAppender = other.appender();
        JournalReader reader = journal.reader()) {
      appender.append(bytes("{\"n\":1}"));
      appender.touchAhead();
      // Another recorder (in real use another process) writes into the pages just touched.
      otherAppender.append(bytes("{\"n\":2}"));
      otherAppender.append(EIGHT_KB);
      appender.touchAhead();
      appender.append(bytes("{\"n\":3}"));

      assertEquals("{\"n\":1}", reader.next().text());
      assertEquals("{\"n\":2}", reader.next().text());
      assertEquals(new String(EIGHT_KB, StandardCharsets.UTF_8), reader.next().text());
      assertEquals("{\"n\":3}", reader.next().text());
      assertNull(reader.next());
    }
  }

  @Test
  void touchingAheadBeforeTheFirstAppendWritesNothing() {
    try (Journal journal = Journal.open(tmp.resolve("j"));
        JournalAppender appender = journal.appender();
        JournalReader reader = journal.reader()) {
      appender.touchAhead();
      assertNull(reader.next());

      appender.append(bytes("{\"n\":1}"));
      assertEquals("{\"n\":1}", reader.next().text());
    }
  }

  private static long faultsOfAppends(JournalAppender appender, ThreadFaults faults, boolean touchAhead)
      throws IOException {
    appender.append(EIGHT_KB); // maps the block: a one-off, not what is measured
    long total = 0;
    for (int i = 0; i < APPENDS; i++) {
      if (touchAhead) {
        appender.touchAhead();
      }
      long before = faults.minor();
      appender.append(EIGHT_KB);
      total += faults.minor() - before;
    }
    return total;
  }

  /** This thread's minor page faults, from Linux's /proc/thread-self/stat, read without allocating. */
  private static final class ThreadFaults implements AutoCloseable {
    private static final int MINFLT_AFTER_COMM = 8; // state ppid pgrp session tty_nr tpgid flags minflt
    private final FileChannel stat;
    private final ByteBuffer buffer = ByteBuffer.allocate(1024);

    ThreadFaults() throws IOException {
      stat = FileChannel.open(Paths.get("/proc/thread-self/stat"));
    }

    long minor() throws IOException {
      buffer.clear();
      stat.read(buffer, 0);
      int end = buffer.position();
      byte[] text = buffer.array();
      int at = end - 1;
      while (text[at] != ')') {
        at--; // the command name may hold spaces: fields are counted from its closing parenthesis
      }
      int field = 0;
      long value = 0;
      for (at++; at < end; at++) {
        if (text[at] == ' ') {
          if (field == MINFLT_AFTER_COMM) {
            return value;
          }
          field++;
          value = 0;
        } else if (field == MINFLT_AFTER_COMM) {
          value = value * 10 + (text[at] - '0');
        }
      }
      throw new IllegalStateException("no minflt field in /proc/thread-self/stat: "
          + new String(text, 0, end, StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
      stat.close();
    }
  }

  private static byte[] document(int size) {
    byte[] json = new byte[size];
    Arrays.fill(json, (byte) 'x');
    json[0] = '"';
    json[size - 1] = '"';
    return json;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
