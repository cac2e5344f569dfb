package org.arajournal.replay;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.arajournal.event.Payload;

/** Gives the run's hosts their ARA ids, creating each once (see {@link LatestHosts}), and sends host stats. */
final class HostWriter {
  private final RunTarget target;
  private final PendingJobs jobs;
  private final LatestHosts latestHosts;
  private final Map<String, CompletableFuture<Long>> hosts = new ConcurrentHashMap<>();

  HostWriter(RunTarget target, PendingJobs jobs, LatestHosts latestHosts) {
    this.target = target;
    this.jobs = jobs;
    this.latestHosts = latestHosts;
  }

  /** The ARA id of host {@code name} for this run; called from result workers too. */
  long idOf(String name) {
    String truncated = CallbackDialect.truncate(name);
    CompletableFuture<Long> mine = new CompletableFuture<>();
    CompletableFuture<Long> known = hosts.putIfAbsent(truncated, mine);
    if (known != null) {
      return PendingJobs.join(known);
    }
    try {
      mine.complete(latestHosts.create(truncated, target.playbookId(), target.started()));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    }
    return mine.join();
  }

  /** Sends a host's stats on the global pool. */
  void stats(Payload.HostStats s) {
    long host = idOf(s.host());
    jobs.global("host stats", () -> target.ara().patch("/api/v1/hosts/" + host, target.object()
        .put("changed", s.changed()).put("unreachable", s.unreachable()).put("failed", s.failed())
        .put("ok", s.ok()).put("skipped", s.skipped())));
  }
}
