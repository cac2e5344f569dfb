package org.arajournal.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The disk space files really take: the queue's cycle files are sparse (128 MiB blocks, mostly
 * never written), so their length says nothing; {@code du} counts allocated blocks.
 */
public final class DiskUsage {
  private DiskUsage() {}

  /** Bytes allocated to {@code path} (a file, or a directory and everything in it). */
  public static long of(Path path) throws IOException {
    Process du = new ProcessBuilder(List.of("du", "-s", "--block-size=1", path.toString()))
        .redirectErrorStream(true).start();
    String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (du.waitFor() != 0) {
        throw new IOException("du " + path + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while measuring " + path, e);
    }
    return Long.parseLong(out.strip().split("\\s+")[0]);
  }
}
