package org.arajournal.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing Ansible reported during a run, as the callback recorded it: the envelope every event
 * carries (schema, run, sequence, UTC time) around a typed {@link Payload}.
 *
 * @param schema the event schema version the callback wrote; see {@link #SCHEMA}
 * @param run    one UUID per {@code ansible-playbook} run
 * @param seq    1-based, gap-free sequence number within the run
 * @param time   when Ansible reported it, microsecond precision, UTC
 */
public record Event(int schema, UUID run, long seq, Instant time, Payload payload) {
  /** The schema version this build writes and the newest it reads. */
  public static final int SCHEMA = 1;

  public Event {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
    if (seq < 1) throw new IllegalArgumentException("seq must be >= 1, was " + seq);
  }

  /** The payload's wire name, e.g. {@code result}. */
  public String type() {
    return payload.type();
  }
}
