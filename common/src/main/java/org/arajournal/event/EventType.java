package org.arajournal.event;

import java.util.Arrays;
import java.util.List;

/** The kinds of event the callback records, each with its wire name (a document's {@code type}) and payload. */
public enum EventType {
  PLAYBOOK_STARTED("playbook_started", Payload.PlaybookStarted.class),
  PLAY_STARTED("play_started", Payload.PlayStarted.class),
  FILE("file", Payload.FileCaptured.class),
  TASK_STARTED("task_started", Payload.TaskStarted.class),
  HOST_STARTED("host_started", Payload.HostStarted.class),
  RESULT("result", Payload.ResultRecorded.class),
  TASK_FAILED("task_failed", Payload.TaskFailed.class),
  TASK_ENDED("task_ended", Payload.TaskEnded.class),
  PLAY_ENDED("play_ended", Payload.PlayEnded.class),
  HOST_STATS("host_stats", Payload.HostStats.class),
  PLAYBOOK_ENDED("playbook_ended", Payload.PlaybookEnded.class),
  RECORD("record", Payload.RecordWritten.class),
  INTERRUPTED("interrupted", Payload.RunInterrupted.class);

  private static final EventType[] ALL = values();

  private final String wireName;
  private final Class<? extends Payload> payload;

  EventType(String wireName, Class<? extends Payload> payload) {
    this.wireName = wireName;
    this.payload = payload;
  }

  /** The name stored in the journal, e.g. {@code result}. */
  public String wireName() {
    return wireName;
  }

  Class<? extends Payload> payload() {
    return payload;
  }

  /** Whether an event of this type closes its run: after it, nothing more is recorded for the run. */
  public boolean endsRun() {
    return this == PLAYBOOK_ENDED || this == INTERRUPTED;
  }

  /** The type stored as {@code wireName}, or null when this version does not know it (a newer recorder's). */
  public static EventType named(String wireName) {
    for (EventType type : ALL) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    return null;
  }

  /** The wire names this version reads, for messages about one it does not. */
  static List<String> wireNames() {
    return Arrays.stream(ALL).map(EventType::wireName).toList();
  }
}
