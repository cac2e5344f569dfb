package org.arajournal.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Copies a journal directory as the tools users copy them with do: file by file in no particular
 * order, each file from start to end while its writer may go on writing it, data regions only
 * (like cp's sparse copy, which would otherwise write 160 MB of zeros per cycle file), and
 * optionally stopping part way like a copy that was interrupted.
 */
final class CopyTool {
  private static final int CHUNK = 64 * 1024;
  /** A cycle file's data are contiguous from its start: this much zero is its unwritten rest. */
  private static final long HOLE = 1 << 20;

  private CopyTool() {}

  /** How a copy of one file ends. */
  record Stop(long at, boolean preallocated) {
    /** The copy ends at {@code at}; the file is that long. */
    static Stop cut(long at) {
      return new Stop(at, false);
    }

    /** The tool set the file's full length first, then stopped copying at {@code at}. */
    static Stop preallocatedCut(long at) {
      return new Stop(at, true);
    }
  }

  /** Copies every file of {@code from} into {@code to}, over what is there, in the order {@code random} gives. */
  static void copyJournal(Path from, Path to, Random random, Map<String, Stop> stops) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          files.add(path);
        }
      }
    }
    Collections.shuffle(files, random);
    for (Path file : files) {
      Path target = to.resolve(from.relativize(file).toString());
      Stop stop = stops.get(file.getFileName().toString());
      if (file.toString().endsWith(".cq4") || stop != null) {
        copyFile(file, target, stop);
      } else {
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Copies one file front to back, writing only its data; {@code stop} null copies it whole. */
  static void copyFile(Path from, Path to, Stop stop) throws IOException {
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
        RandomAccessFile out = new RandomAccessFile(to.toFile(), "rw")) {
      out.setLength(0);
      long sourceLength = in.size();
      if (stop != null && stop.preallocated()) {
        out.setLength(sourceLength);
      }
      long limit = stop == null ? Long.MAX_VALUE : stop.at();
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
      long position = 0;
      long zeros = 0;
      while (position < limit && zeros < HOLE) {
        chunk.clear().limit((int) Math.min(CHUNK, limit - position));
        int read = in.read(chunk, position);
        if (read <= 0) {
          break;
        }
        if (allZero(chunk.array(), read)) {
          zeros += read;
        } else {
          zeros = 0;
          out.seek(position);
          out.write(chunk.array(), 0, read);
        }
        position += read;
      }
      if (stop == null) {
        out.setLength(Math.max(in.size(), out.length()));
      } else if (!stop.preallocated()) {
        out.setLength(Math.min(stop.at(), in.size()));
      }
    }
  }

  private static boolean allZero(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Each file's length, modification time, mode and (if asked) checksum: what a reader must leave as it is. */
  static Map<String, String> state(Path dir, boolean checksums) throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        if (Files.isDirectory(path)) {
          state.put(dir.relativize(path) + "/", mode);
          continue;
        }
        String crc = "";
        if (checksums) {
          CRC32 sum = new CRC32();
          try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (in.read(buffer.clear()) > 0) {
              sum.update(buffer.flip());
            }
          }
          crc = ", crc " + Long.toHexString(sum.getValue());
        }
        state.put(dir.relativize(path).toString(), "length " + Files.size(path) + ", modified "
            + Files.getLastModifiedTime(path) + ", " + mode + crc);
      }
    }
    return state;
  }
}
