package org.arajournal.replay;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed set of worker threads whose queue holds at most {@code queued} waiting jobs: a
 * submitter blocks when it is full, so replaying a huge journal keeps memory flat.
 */
final class BoundedPool implements AutoCloseable {
  private final ExecutorService workers;
  private final Semaphore slots;

  BoundedPool(String name, int threads, int queued) {
    if (threads < 1 || queued < 0) {
      throw new IllegalArgumentException("need threads >= 1 and queued >= 0, got " + threads + ", " + queued);
    }
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.workers = Executors.newFixedThreadPool(threads, factory);
    this.slots = new Semaphore(threads + queued);
  }

  /** Runs {@code job} on a worker, waiting for room first; the future completes with its outcome. */
  <T> CompletableFuture<T> submit(Supplier<T> job) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      workers.execute(() -> {
        try {
          future.complete(job.get());
        } catch (Throwable t) {
          future.completeExceptionally(t);
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      future.completeExceptionally(e);
    }
    return future;
  }

  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
