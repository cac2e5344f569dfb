package org.arajournal.it.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arajournal.it.support.AraApi;

/**
 * The results an ARA server holds, keyed "playbook started time | task name @ host name": enough
 * to tell a missing result from a duplicated one, in terms a user would see in ARA's UI.
 */
record ServerResults(int playbooks, int results, Map<String, Integer> countByKey) {
  static ServerResults read(AraApi api) {
    Map<Long, Instant> playbookStarted = new HashMap<>();
    List<JsonNode> playbooks = api.list("playbooks?order=id");
    playbooks.forEach(p -> playbookStarted.put(p.get("id").asLong(), AraApi.time(p, "started")));
    Map<Long, String> tasks = new HashMap<>();
    api.list("tasks?order=id").forEach(t -> tasks.put(t.get("id").asLong(), t.get("name").asText()));
    Map<Long, String> hosts = new HashMap<>();
    api.list("hosts?order=id").forEach(h -> hosts.put(h.get("id").asLong(), h.get("name").asText()));
    Map<String, Integer> counts = new TreeMap<>();
    List<JsonNode> results = api.list("results?order=id");
    for (JsonNode result : results) {
      String key = playbookStarted.get(result.get("playbook").asLong()) + " | " + tasks.get(result.get("task").asLong())
          + " @ " + hosts.get(result.get("host").asLong());
      counts.merge(key, 1, Integer::sum);
    }
    return new ServerResults(playbooks.size(), results.size(), counts);
  }

  /** Results of one playbook, by its start time. */
  int resultsOf(Instant playbookStarted) {
    String prefix = playbookStarted + " | ";
    return countByKey.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(Map.Entry::getValue)
        .sum();
  }

  /** (task, host) pairs of one playbook that hold more than one result. */
  Map<String, Integer> duplicates() {
    Map<String, Integer> out = new TreeMap<>();
    countByKey.forEach((key, n) -> {
      if (n > 1) {
        out.put(key, n);
      }
    });
    return out;
  }

  /** Results beyond the first of each (task, host) pair. */
  int extraResults() {
    return duplicates().values().stream().mapToInt(n -> n - 1).sum();
  }

  /** One line for failure messages. */
  String summary() {
    Map<String, Integer> duplicates = duplicates();
    return playbooks + " playbook(s), " + results + " result(s), " + duplicates.size()
        + " (playbook, task, host) key(s) with more than one result (" + extraResults() + " extra result(s))"
        + (duplicates.isEmpty() ? "" : ", e.g. " + duplicates.entrySet().stream().limit(5).toList());
  }
}
