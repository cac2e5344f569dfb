package org.arajournal.journal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds framed input the way the callback writes it, and reads a journal back as text (for the recorder's tests too). */
public final class TestFrames {
  public static final String RUN = "0b5f2c1e-8a55-4a3e-9c7a-2f1e7c0d9b11";

  private TestFrames() {}

  public static String event(long seq) {
    return "{\"schema\":1,\"type\":\"task_ended\",\"run\":\"" + RUN + "\",\"seq\":" + seq
        + ",\"time\":\"2026-11-30T07:39:14.000001+00:00\",\"task_uuid\":\"t-" + seq + "\"}";
  }

  public static byte[] frame(String json) {
    byte[] data = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + data.length).putInt(data.length).put(data).array();
  }

  public static byte[] frames(String... jsons) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String json : jsons) {
      out.writeBytes(frame(json));
    }
    return out.toByteArray();
  }

  public static List<String> entries(Journal journal) {
    List<String> texts = new ArrayList<>();
    try (JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        texts.add(entry.text());
      }
    }
    return texts;
  }
}
