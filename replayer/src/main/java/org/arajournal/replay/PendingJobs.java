package org.arajournal.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The API calls of one run that do not run on its thread, in the order ARA's data needs: jobs on
 * the global pool (files, host stats), and jobs that wait for others (a task's end for its results,
 * a play's end for its tasks' ends). A refused job's event becomes a dead letter, and what waits
 * on it fails with {@link DependsOnRefused}. Used from the run's thread only.
 */
final class PendingJobs {
  /** Pending jobs kept before completed ones are pruned: bounds memory on huge runs. */
  private static final int PRUNE_AT = 256;

  private final BoundedPool globalPool;
  private final Refusals refusals;
  private final List<CompletableFuture<?>> pending = new ArrayList<>();
  private long seq;

  PendingJobs(BoundedPool globalPool, Refusals refusals) {
    this.globalPool = globalPool;
    this.refusals = refusals;
  }

  /** The event jobs submitted from now on are for: the one a refusal makes a dead letter. */
  void applying(long seq) {
    this.seq = seq;
  }

  /** Runs {@code job} for the current event on the global pool. */
  <T> CompletableFuture<T> global(String what, Supplier<T> job) {
    long event = seq;
    CompletableFuture<T> submitted = globalPool.submit(() -> refusals.deadLetterIfRefused(event, what, job));
    remember(submitted);
    return submitted;
  }

  /**
   * Runs {@code job} for the current event once {@code before} are done, in the thread that
   * finishes the last of them (a result worker, or this thread when all are done already): no
   * worker blocks waiting.
   */
  CompletableFuture<Void> after(List<CompletableFuture<?>> before, String what, Runnable job) {
    long event = seq;
    CompletableFuture<Void> future = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
        .thenRun(() -> refusals.deadLetterIfRefused(event, what, () -> {
          job.run();
          return null;
        }));
    remember(future);
    return future;
  }

  /** Waits for every job submitted so far; a refused one is a dead letter already. */
  void awaitAll() {
    for (CompletableFuture<?> job : pending) {
      try {
        join(job);
      } catch (DependsOnRefused alreadyDeadLettered) {
        // its refusal is a dead letter already
      }
    }
    pending.clear();
  }

  /** Keeps {@code future} for {@link #awaitAll}, dropping completed ones now and then. */
  private void remember(CompletableFuture<?> future) {
    pending.add(future);
    if (pending.size() >= PRUNE_AT) {
      pending.removeIf(f -> f.isDone() && (!f.isCompletedExceptionally() || failedWith(f, DependsOnRefused.class)));
    }
  }

  /** The value of {@code future}, waiting for it; its failure is thrown as it was thrown in the job. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
          ? c.getCause() : e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ARA server", e);
    }
  }

  static void joinAll(Collection<CompletableFuture<?>> futures) {
    for (CompletableFuture<?> future : futures) {
      join(future);
    }
  }

  private static boolean failedWith(CompletableFuture<?> future, Class<? extends Throwable> type) {
    try {
      future.join();
      return false;
    } catch (CompletionException e) {
      return type.isInstance(e.getCause());
    }
  }
}
