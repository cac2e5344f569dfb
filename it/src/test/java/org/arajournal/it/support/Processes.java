package org.arajournal.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion with a deadline and captures its combined output. */
public final class Processes {
  private Processes() {}

  /** Exit code and combined stdout+stderr of one finished process. */
  public record Result(int exitCode, String output) {}

  public static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
    try {
      File out = File.createTempFile("ara-journal-it", ".out");
      try {
        Process process = start(command, env, workDir, out);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
              + "\n" + Files.readString(out.toPath(), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out.toPath());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  /** Starts a process with stdout and stderr going to {@code output}. */
  public static Process start(List<String> command, Map<String, String> env, Path workDir, File output)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output));
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().putAll(env);
    return builder.start();
  }
}
