package org.arajournal.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Realistic journal documents for the benchmarks: a command result event of an exact size. */
final class SampleEvents {
  /** The size the targets are stated for: a typical result event with a little stdout. */
  static final int EVENT_BYTES = 2048;

  private static final String RUN = "6f1c2a3e-8d4b-4c1e-9a7f-2b5d3c4e5f60";

  private SampleEvents() {}

  /**
   * A {@code result} event of exactly {@code size} bytes of UTF-8 JSON, shaped like what the
   * callback sends for {@code command: ...}; the stdout is padded to reach the size.
   */
  static byte[] result(long seq, int size) {
    String head = "{\"schema\":1,\"type\":\"result\",\"run\":\"" + RUN + "\",\"seq\":" + seq
        + ",\"time\":\"2026-11-30T08:00:00.123456+00:00\",\"host\":\"host7\","
        + "\"task_uuid\":\"" + new UUID(0x5254001234560000L, seq).toString()
        + "\",\"status\":\"ok\",\"delegated_to\":[],\"content\":{\"changed\":true,"
        + "\"cmd\":[\"printf\",\"a\\\\nb\\\\nc\\\\n\"],\"delta\":\"0:00:00.003130\","
        + "\"end\":\"2026-11-30 08:00:00.120000\",\"invocation\":{\"module_args\":{\"_raw_params\":"
        + "\"printf 'a\\\\nb\\\\nc\\\\n'\",\"_uses_shell\":false,\"chdir\":null,\"creates\":null,"
        + "\"executable\":null,\"removes\":null,\"stdin\":null,\"stdin_add_newline\":true,"
        + "\"strip_empty_ends\":true}},\"msg\":\"\",\"rc\":0,\"start\":\"2026-11-30 08:00:00.116870\","
        + "\"stderr\":\"\",\"stderr_lines\":[],\"stdout_lines\":[\"a\",\"b\",\"c\"],\"stdout\":\"";
    String tail = "\"},\"changed\":true,\"ignore_errors\":false,"
        + "\"started\":\"2026-11-30T08:00:00.011111+00:00\"}";
    int pad = size - head.length() - tail.length();
    if (pad < 0) {
      throw new IllegalArgumentException("an event needs at least " + (size - pad) + " bytes, not " + size);
    }
    return (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code count} result events (seq 1..count) in the recorder's input framing. */
  static byte[] frames(int count, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * (size + 4));
    for (long seq = 1; seq <= count; seq++) {
      byte[] event = result(seq, size);
      out.writeBytes(ByteBuffer.allocate(4).putInt(event.length).array());
      out.writeBytes(event);
    }
    return out.toByteArray();
  }
}
