package org.arajournal.replay;

import java.time.Instant;
import java.util.UUID;

/**
 * Where one run's events are in the journal and how far it got, from one pass over the journal.
 *
 * @param startAfter index of the journal entry just before the run's first event, or -1 when the
 *     run starts at the journal's first entry
 * @param lastIndex  index of the run's last event
 * @param events     events of the run (duplicates included)
 * @param results    result events of the run
 * @param started    whether its {@code playbook_started} event is in the journal
 * @param ended      whether it ended ({@code playbook_ended} or {@code interrupted})
 * @param lastTime   time of its latest event
 * @param firstIndex index of the run's first event, or -1 when not known (a followed run)
 */
public record RunInfo(UUID run, long startAfter, long lastIndex, long events, long results, boolean started,
    boolean ended, Instant lastTime, long firstIndex) {}
