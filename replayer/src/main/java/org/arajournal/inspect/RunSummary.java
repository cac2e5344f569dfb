package org.arajournal.inspect;

import java.time.Instant;
import java.util.UUID;

/**
 * What a journal holds about one run.
 *
 * @param status {@code completed} or {@code failed} (ended), {@code interrupted} (a signal stopped
 *     it), or {@code incomplete} (no end recorded: still running, or Ansible was killed)
 */
public record RunSummary(
    UUID run,
    String path,
    Instant started,
    Instant ended,
    String status,
    long events,
    int plays,
    int tasks,
    int results,
    int hosts) {}
