package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arajournal.ara.AraClient;
import org.arajournal.event.MalformedEventException;
import org.arajournal.event.Times;

/**
 * What ARA already holds of a run, so that nothing is created twice: the records of a playbook an
 * interrupted replay began (loaded once when the replay resumes), and lookups by natural key for a
 * single create whose answer was lost. ARA has no idempotency keys; these are the keys that tell
 * one record from another: a playbook by path and start time, a play by uuid, a task by uuid (ARA
 * 1.6+) or by play, line and start time, a result by task, host and times.
 */
final class ExistingRecords {
  private final Map<String, JsonNode> plays;
  private final Map<String, JsonNode> tasks;
  private final Set<String> results;
  private final boolean taskUuids;

  private ExistingRecords(Map<String, JsonNode> plays, Map<String, JsonNode> tasks, Set<String> results,
      boolean taskUuids) {
    this.plays = plays;
    this.tasks = tasks;
    this.results = results;
    this.taskUuids = taskUuids;
  }

  /** Nothing exists yet: the run's playbook is new. */
  static ExistingRecords none(CallbackDialect dialect) {
    return new ExistingRecords(Map.of(), Map.of(), ConcurrentHashMap.newKeySet(), dialect.sendsTaskUuid());
  }

  /** Everything ARA holds under {@code playbook}, read in a few pages per record type. */
  static ExistingRecords load(AraClient ara, long playbook, CallbackDialect dialect) {
    Map<String, JsonNode> plays = new HashMap<>();
    for (JsonNode play : ara.list("/api/v1/plays?playbook=" + playbook)) {
      plays.put(play.path("uuid").asText(), play);
    }
    boolean taskUuids = dialect.sendsTaskUuid();
    Map<String, JsonNode> tasks = new HashMap<>();
    for (JsonNode task : ara.list("/api/v1/tasks?playbook=" + playbook)) {
      tasks.put(taskKey(taskUuids, task.path("uuid").asText(null), task.path("play").asLong(),
          task.path("lineno").asInt(), task.path("started").asText()), task);
    }
    Set<String> results = ConcurrentHashMap.newKeySet();
    for (JsonNode result : ara.list("/api/v1/results?playbook=" + playbook)) {
      results.add(resultKey(result.path("task").asLong(), result.path("host").asLong(), result.path("started").asText(),
          result.path("ended").asText()));
    }
    return new ExistingRecords(Map.copyOf(plays), Map.copyOf(tasks), results, taskUuids);
  }

  /** Counts for the log: plays, tasks, results. */
  String summary() {
    return plays.size() + " plays, " + tasks.size() + " tasks, " + results.size() + " results";
  }

  Optional<JsonNode> play(String uuid) {
    return Optional.ofNullable(plays.get(uuid));
  }

  Optional<JsonNode> task(String uuid, long play, int lineno, String started) {
    return Optional.ofNullable(tasks.get(taskKey(taskUuids, uuid, play, lineno, started)));
  }

  /** Whether ARA holds this result; each stored result answers yes once, for the event that made it. */
  boolean claimResult(long task, long host, String started, String ended) {
    return !results.isEmpty() && results.remove(resultKey(task, host, started, ended));
  }

  // ------------------------------------------------------------------ single lookups

  /** The playbooks of path {@code path} started at {@code started} that ARA holds, oldest first. */
  static List<JsonNode> findPlaybooks(AraClient ara, String path, String started) {
    return ara.list("/api/v1/playbooks?order=id&path=" + encode(path) + around(started)).stream()
        .filter(playbook -> path.equals(playbook.path("path").asText())
            && sameTime(started, playbook.path("started").asText()))
        .toList();
  }

  static Optional<JsonNode> findPlay(AraClient ara, long playbook, String uuid) {
    return first(ara.list("/api/v1/plays?playbook=" + playbook + "&uuid=" + encode(uuid)),
        play -> uuid.equals(play.path("uuid").asText()));
  }

  Optional<JsonNode> findTask(AraClient ara, long playbook, String uuid, long play, int lineno, String started) {
    String key = taskKey(taskUuids, uuid, play, lineno, started);
    return first(ara.list("/api/v1/tasks?playbook=" + playbook + "&play=" + play + around(started)),
        task -> key.equals(taskKey(taskUuids, task.path("uuid").asText(null), task.path("play").asLong(),
            task.path("lineno").asInt(), task.path("started").asText())));
  }

  static Optional<JsonNode> findResult(AraClient ara, long playbook, long task, long host, String started,
      String ended) {
    String key = resultKey(task, host, started, ended);
    return first(ara.list("/api/v1/results?playbook=" + playbook + "&task=" + task + "&host=" + host),
        result -> key.equals(resultKey(task, host, result.path("started").asText(), result.path("ended").asText())));
  }

  // ------------------------------------------------------------------ keys

  private static String taskKey(boolean byUuid, String uuid, long play, int lineno, String started) {
    return byUuid && uuid != null ? uuid : play + "|" + lineno + "|" + instant(started);
  }

  /**
   * Status is not part of the key: ARA answers a derived one ({@code changed}, {@code ignored}) for
   * what was sent as {@code ok} or {@code failed}; times to the microsecond tell results apart.
   */
  private static String resultKey(long task, long host, String started, String ended) {
    return task + "|" + host + "|" + instant(started) + "|" + instant(ended);
  }

  /** ARA echoes times in its own ISO form (Z or +00:00, trailing zeros or not): compare instants. */
  private static String instant(String time) {
    if (time == null || time.isEmpty() || time.equals("null")) {
      return "-";
    }
    try {
      Instant instant = Times.parse(time);
      return instant.getEpochSecond() + "." + instant.getNano();
    } catch (MalformedEventException e) {
      return time;
    }
  }

  private static boolean sameTime(String a, String b) {
    return instant(a).equals(instant(b));
  }

  /** A filter window of a second around {@code time}: exact equality would depend on how the database rounds. */
  private static String around(String time) {
    Instant at = Times.parse(time);
    return "&started_after=" + encode(Times.format(at.minusSeconds(1))) + "&started_before="
        + encode(Times.format(at.plusSeconds(1)));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Optional<JsonNode> first(List<JsonNode> candidates, java.util.function.Predicate<JsonNode> match) {
    return candidates.stream().filter(match).findFirst();
  }
}
