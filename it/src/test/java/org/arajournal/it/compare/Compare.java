package org.arajournal.it.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Small helpers shared by the comparison tests. */
final class Compare {
  private Compare() {}

  /** Creates {@code dir} (and parents) and returns it. */
  static Path dir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /**
   * Runs two independent runs at the same time and waits for both, rethrowing the first failure.
   * The corpus has no side effects, so two runs of it never see each other; running them together
   * halves the wall time, which ansible-playbook spends mostly waiting on forks and on ARA.
   */
  static List<CorpusRun> inParallel(Supplier<CorpusRun> first, Supplier<CorpusRun> second) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<CorpusRun> a = pool.submit(first::get);
      Future<CorpusRun> b = pool.submit(second::get);
      return List.of(join(a), join(b));
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a corpus run", e);
    }
  }
}
