package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One ARA task of the run as the replay knows it: its ids, whether it is open or failed, its pending results. */
final class TaskState {
  final long id;
  final long playId;
  final String action;
  final String started;
  /** Made for results of a task Ansible never announced: it ends with the next task or play. */
  final boolean placeholder;
  boolean failed;
  boolean open = true;
  final List<CompletableFuture<?>> results = new ArrayList<>();
  /** The end of its latest run: a task that starts again ends again, after its earlier end. */
  CompletableFuture<?> lastEnd;
  // What ARA after 1.7.4 sends at the task's end; filled by result workers, so guarded by `this`.
  private JsonNode deprecations;
  private final Set<JsonNode> exceptions = new LinkedHashSet<>();
  private final Set<JsonNode> warnings = new LinkedHashSet<>();

  TaskState(long id, long playId, String action, String started, boolean placeholder) {
    this.id = id;
    this.playId = playId;
    this.action = action;
    this.started = started;
    this.placeholder = placeholder;
  }

  /** Keeps what a result's {@code content} says for the task's end: deprecations, exception, warnings. */
  synchronized void noteDiagnostics(JsonNode content) {
    if (content == null || !content.isObject()) {
      return;
    }
    if (content.has("deprecations")) {
      deprecations = content.get("deprecations"); // the callback keeps the latest result's list
    }
    if (content.has("exception")) {
      exceptions.add(content.get("exception"));
    }
    content.path("warnings").forEach(warnings::add);
  }

  /** Adds the diagnostics noted so far to the task's end, {@code body}, as ARA's callback sends them. */
  synchronized void putDiagnostics(ObjectNode body, ArrayNode empty) {
    body.set("deprecations", uniqueDeprecations(empty));
    ArrayNode exceptionArray = body.putArray("exceptions");
    exceptions.forEach(exceptionArray::add);
    ArrayNode warningArray = body.putArray("warnings");
    warnings.forEach(warningArray::add);
  }

  /** Deprecations unique by (collection_name, msg, version), first kept, as ARA dedupes them. */
  private ArrayNode uniqueDeprecations(ArrayNode unique) {
    Set<List<String>> seen = new HashSet<>();
    if (deprecations != null) {
      for (JsonNode dep : deprecations) {
        List<String> key = Arrays.asList(dep.path("collection_name").asText(null), dep.path("msg").asText(null),
            dep.path("version").asText(null));
        if (seen.add(key)) {
          unique.add(dep);
        }
      }
    }
    return unique;
  }
}
