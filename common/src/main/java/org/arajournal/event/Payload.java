package org.arajournal.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** What an {@link Event} says happened: one record per thing ARA's callback sends to the API. */
public sealed interface Payload {
  /** What kind of event carries this payload. */
  EventType eventType();

  /** The wire name stored in the journal's {@code type} field. */
  default String type() {
    return eventType().wireName();
  }

  /** {@code v2_playbook_on_start}: a playbook (or ad-hoc command) began. */
  record PlaybookStarted(
      String path,
      boolean adhoc,
      String ansibleVersion,
      String pythonVersion,
      String clientVersion,
      JsonNode arguments,
      String controller,
      String user)
      implements Payload {
    public EventType eventType() {
      return EventType.PLAYBOOK_STARTED;
    }
  }

  /** {@code v2_playbook_on_play_start}; {@code playbookName} and {@code labels} come from play vars. */
  record PlayStarted(String name, String uuid, String playbookName, List<String> labels)
      implements Payload {
    public EventType eventType() {
      return EventType.PLAY_STARTED;
    }
  }

  /** A file of the run (playbook, task file, role file) with its content read at record time. */
  record FileCaptured(String path, String content) implements Payload {
    public EventType eventType() {
      return EventType.FILE;
    }
  }

  /** {@code v2_playbook_on_task_start} or {@code v2_playbook_on_handler_task_start}. */
  record TaskStarted(
      String name,
      String uuid,
      String playUuid,
      String action,
      String path,
      int lineno,
      List<String> tags,
      boolean handler)
      implements Payload {
    public EventType eventType() {
      return EventType.TASK_STARTED;
    }
  }

  /** {@code v2_runner_on_start}: a task began on one host; gives the result's start time. */
  record HostStarted(String host, String taskUuid) implements Payload {
    public EventType eventType() {
      return EventType.HOST_STARTED;
    }
  }

  /**
   * A task's outcome on one host: {@code ok}, {@code failed}, {@code skipped} or {@code
   * unreachable}. {@code started} is the matching {@link HostStarted} time when there was one.
   */
  record ResultRecorded(
      String host,
      String taskUuid,
      String status,
      List<String> delegatedTo,
      JsonNode content,
      boolean changed,
      boolean ignoreErrors,
      Instant started)
      implements Payload {
    public EventType eventType() {
      return EventType.RESULT;
    }
  }

  /** A task failed on a host and the failure was not ignored: ARA (1.6+) marks it {@code failed}. */
  record TaskFailed(String taskUuid, String host) implements Payload {
    public EventType eventType() {
      return EventType.TASK_FAILED;
    }
  }

  /** The callback moved past a task (next task, next play or stats): ARA closes it here. */
  record TaskEnded(String taskUuid) implements Payload {
    public EventType eventType() {
      return EventType.TASK_ENDED;
    }
  }

  /** The callback moved past a play: ARA closes it here. */
  record PlayEnded(String playUuid) implements Payload {
    public EventType eventType() {
      return EventType.PLAY_ENDED;
    }
  }

  /** {@code v2_playbook_on_stats} for one host. */
  record HostStats(
      String host, int ok, int changed, int failed, int skipped, int unreachable, int rescued, int ignored)
      implements Payload {
    public EventType eventType() {
      return EventType.HOST_STATS;
    }
  }

  /** The run finished: {@code completed} or {@code failed}. */
  record PlaybookEnded(String status) implements Payload {
    /** The statuses ARA's callback gives a playbook that ran to its end. */
    public static final List<String> STATUSES = List.of("completed", "failed");

    public PlaybookEnded {
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException("playbook status '" + status + "' is not one of " + STATUSES);
      }
    }

    public EventType eventType() {
      return EventType.PLAYBOOK_ENDED;
    }
  }

  /**
   * {@code ara_record} wrote {@code key} of the running playbook on a host's task, offline: ARA
   * gets or updates the playbook's record of that key (the last write wins). {@code recordType}
   * is ARA's record type: text, url, json, list or dict; {@code value} is as the task gave it.
   */
  record RecordWritten(String taskUuid, String host, String key, JsonNode value, String recordType)
      implements Payload {
    /** ARA's record types, as its ara_record action accepts them. */
    public static final List<String> TYPES = List.of("text", "url", "json", "list", "dict");

    public RecordWritten {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("a record needs a key");
      }
      if (!TYPES.contains(recordType)) {
        throw new IllegalArgumentException("record type '" + recordType + "' is not one of " + TYPES);
      }
    }

    public EventType eventType() {
      return EventType.RECORD;
    }
  }

  /** The run was stopped by a signal (SIGINT / SIGTERM); ARA shows it as {@code expired}. */
  record RunInterrupted(String signal) implements Payload {
    public EventType eventType() {
      return EventType.INTERRUPTED;
    }
  }
}
