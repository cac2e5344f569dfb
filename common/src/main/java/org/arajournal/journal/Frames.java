package org.arajournal.journal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the framing the callback uses on the recorder's stdin and in spool files: a 4-byte
 * big-endian length, then that many bytes of UTF-8 JSON.
 */
public final class Frames {
  /** A frame longer than this is taken as a corrupt stream, not as an event. */
  public static final int MAX_FRAME = 1 << 30;

  private final DataInputStream in;

  public Frames(InputStream in) {
    this.in = new DataInputStream(in);
  }

  /**
   * The next frame, or {@code null} at a clean end of input.
   *
   * @throws TruncatedFrameException if the input ends inside a frame (the writer died mid-write)
   * @throws IOException if the length is impossible or reading fails
   */
  public byte[] next() throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int length;
    try {
      length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
    } catch (EOFException e) {
      throw new TruncatedFrameException("input ended inside a frame header");
    }
    if (length < 0 || length > MAX_FRAME) {
      throw new IOException("impossible frame length " + length + ": the stream is corrupt");
    }
    byte[] frame = new byte[length];
    try {
      in.readFully(frame);
    } catch (EOFException e) {
      throw new TruncatedFrameException(
          "input ended inside a frame of " + length + " bytes (the writer stopped mid-write)");
    }
    return frame;
  }

  /** Input ended inside a frame: everything before it is intact, the partial frame is not. */
  public static final class TruncatedFrameException extends IOException {
    public TruncatedFrameException(String message) {
      super(message);
    }
  }
}
