package org.arajournal.replay;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Sends the run's files ({@code /api/v1/files}) once each, on the global pool, and gives their ids. */
final class PlaybookFileWriter {
  /** The content ara_default sends for a file it could not read. */
  static final String UNREAD_FILE =
      "ARA was not able to read this file successfully.\n Refer to the logs for more information";

  private final RunTarget target;
  private final PendingJobs jobs;
  private final Map<String, CompletableFuture<Long>> files = new ConcurrentHashMap<>();

  PlaybookFileWriter(RunTarget target, PendingJobs jobs) {
    this.target = target;
    this.jobs = jobs;
  }

  /** The id the file at {@code path} has or will have: sent with {@code content} unless sent before. */
  CompletableFuture<Long> file(String path, String content) {
    CompletableFuture<Long> known = files.get(path);
    if (known != null) {
      return known;
    }
    CompletableFuture<Long> id = jobs.global("file", () -> target.ara().post("/api/v1/files",
        target.object().put("playbook", target.playbookId()).put("path", path).put("content", content))
        .get("id").asLong());
    files.put(path, id);
    return id;
  }

  /** The id of the file at {@code path}, waiting for it; a file never captured is sent as unreadable. */
  long idOf(String path) {
    return PendingJobs.join(file(path, UNREAD_FILE));
  }
}
