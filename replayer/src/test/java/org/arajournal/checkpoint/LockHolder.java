package org.arajournal.checkpoint;

import java.nio.file.Path;

/** A process that takes a {@link ReplayLock} and holds it until its input ends: the other replay. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (ReplayLock lock = ReplayLock.take(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the test closes our input or kills us
      }
    }
  }

  /** Starts a holder of {@code file}'s lock and returns once it holds it. */
  static Process start(Path file) throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
    if (!"locked".equals(line)) {
      process.destroyForcibly();
      throw new AssertionError("the lock holder did not take " + file + ": " + line);
    }
    return process;
  }
}
