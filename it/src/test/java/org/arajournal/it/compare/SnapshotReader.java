package org.arajournal.it.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.arajournal.it.support.AraApi;

/**
 * Reads everything ARA stores for playbooks (playbooks, plays, tasks, results with content, hosts
 * with facts, files with content, records, labels) through the REST API and builds an
 * {@link AraSnapshot}: database ids become references by name, times become presence and order.
 */
public final class SnapshotReader {
  /** Fields every entity carries that say when the server wrote a row, not what Ansible did. */
  private static final Set<String> BOOKKEEPING = Set.of("id", "created", "updated", "duration");
  /** Fields that point at other entities; each caller turns them into references. */
  private static final Set<String> RELATIONS =
      Set.of("playbook", "play", "task", "host", "file", "delegated_to", "labels");
  private static final Set<String> TIMES = Set.of("started", "ended");
  private static final String SET = "<set>";
  private static final String IN_RUN = "<during the run>";

  private final AraApi api;
  private final Normaliser normaliser;
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;

  public SnapshotReader(AraApi api, Normaliser normaliser) {
    this.api = Objects.requireNonNull(api, "api");
    this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
  }

  /** The id of the newest playbook on the server (0 if none): a mark to pass to {@link #readAfter}. */
  public long newestPlaybookId() {
    return api.list("playbooks").stream().mapToLong(p -> p.path("id").asLong()).max().orElse(0);
  }

  /** Every playbook on the server; times only checked for presence and order. */
  public AraSnapshot readAll() {
    return readAfter(0, null);
  }

  /** The playbooks whose id is greater than {@code mark}; times only checked for presence and order. */
  public AraSnapshot readAfter(long mark) {
    return readAfter(mark, null);
  }

  /**
   * The playbooks whose id is greater than {@code mark}, i.e. those recorded since the mark was
   * taken. Each {@code started}/{@code ended} becomes {@code "<during the run>"} if it lies in
   * {@code run} and stays as stored otherwise, so a time from outside the run shows up in a diff.
   */
  public AraSnapshot readAfter(long mark, RunWindow run) {
    ObjectNode root = nodes.objectNode();
    ArrayNode labels = root.putArray("labels");
    api.list("labels").stream().map(l -> l.path("name").asText()).sorted().forEach(labels::add);
    ObjectNode playbooks = root.putObject("playbooks");
    Occurrences keys = new Occurrences();
    Map<Long, String> playbookRefs = new HashMap<>();
    for (JsonNode playbook : byId(api.list("playbooks"))) {
      if (playbook.path("id").asLong() > mark) {
        String ref = keys.next(playbook.path("path").asText());
        playbookRefs.put(playbook.path("id").asLong(), ref);
        playbooks.set(ref, playbook(playbook, run));
      }
    }
    // ARA's "latest host" index: which playbook each host name was last seen in, among those read.
    ObjectNode latest = root.putObject("latest_hosts");
    for (JsonNode entry : api.list("latesthosts")) {
      String ref = playbookRefs.get(entry.path("host").path("playbook").path("id").asLong());
      if (ref != null) {
        latest.put(entry.path("name").asText(), ref);
      }
    }
    return new AraSnapshot(root);
  }

  private ObjectNode playbook(JsonNode playbook, RunWindow run) {
    long id = playbook.path("id").asLong();
    ObjectNode out = fields(playbook, run);
    out.set("timing", timing(playbook, NullNode.getInstance()));
    ArrayNode labels = out.putArray("labels");
    sortedText(playbook.path("labels"), "name").forEach(labels::add);

    Map<Long, String> hostNames = new HashMap<>();
    ObjectNode hosts = out.putObject("hosts");
    for (JsonNode host : owned("hosts", id)) {
      hostNames.put(host.path("id").asLong(), host.path("name").asText());
      ObjectNode h = fields(host, run);
      h.set("facts", normaliser.facts(detail("hosts", host).path("facts")));
      hosts.set(host.path("name").asText(), h);
    }

    Map<Long, String> filePaths = new HashMap<>();
    ObjectNode files = out.putObject("files");
    for (JsonNode file : owned("files", id)) {
      filePaths.put(file.path("id").asLong(), file.path("path").asText());
      ObjectNode f = fields(file, run);
      f.set("content", detail("files", file).path("content"));
      files.set(file.path("path").asText(), f);
    }

    ObjectNode records = out.putObject("records");
    for (JsonNode record : owned("records", id)) {
      ObjectNode r = fields(record, run);
      r.set("value", detail("records", record).path("value"));
      records.set(record.path("key").asText(), r);
    }

    Map<Long, String> playRefs = new HashMap<>();
    Map<Long, ObjectNode> playTasks = new HashMap<>();
    Map<Long, JsonNode> playRows = new HashMap<>();
    ObjectNode plays = out.putObject("plays");
    Occurrences playKeys = new Occurrences();
    int playOrder = 0;
    for (JsonNode play : owned("plays", id)) {
      long playId = play.path("id").asLong();
      String ref = playKeys.next(play.path("name").isTextual() ? play.path("name").asText() : "(unnamed play)");
      playRefs.put(playId, ref);
      playRows.put(playId, play);
      ObjectNode p = fields(play, run);
      p.put("order", ++playOrder);
      p.set("timing", timing(play, playbook));
      playTasks.put(playId, p.putObject("tasks"));
      plays.set(ref, p);
    }

    Map<Long, ObjectNode> taskResults = new HashMap<>();
    Map<Long, JsonNode> taskRows = new HashMap<>();
    Map<Long, Occurrences> taskKeysByPlay = new HashMap<>();
    Map<Long, Integer> taskOrderByPlay = new HashMap<>();
    for (JsonNode task : owned("tasks", id)) {
      long playId = task.path("play").asLong();
      ObjectNode tasks = playTasks.get(playId);
      if (tasks == null) {
        throw new IllegalStateException("task " + task + " names play " + playId + ", which playbook " + id
            + " does not have");
      }
      String ref = taskKeysByPlay.computeIfAbsent(playId, k -> new Occurrences())
          .next(task.path("name").asText() + " @ " + task.path("path").asText() + ":" + task.path("lineno").asText());
      ObjectNode t = fields(task, run);
      t.put("file", filePaths.getOrDefault(task.path("file").asLong(), "<missing file " + task.path("file") + ">"));
      t.put("order", taskOrderByPlay.merge(playId, 1, Integer::sum));
      t.set("timing", timing(task, playRows.get(playId)));
      taskResults.put(task.path("id").asLong(), t.putObject("results"));
      taskRows.put(task.path("id").asLong(), task);
      tasks.set(ref, t);
    }

    Map<Long, Occurrences> resultKeysByTask = new HashMap<>();
    for (JsonNode result : owned("results", id)) {
      long taskId = result.path("task").asLong();
      ObjectNode results = taskResults.get(taskId);
      if (results == null) {
        throw new IllegalStateException("result " + result + " names task " + taskId + ", which playbook " + id
            + " does not have");
      }
      String host = hostNames.getOrDefault(result.path("host").asLong(), "<missing host " + result.path("host") + ">");
      ObjectNode r = fields(result, run);
      r.put("host", host);
      r.put("play", playRefs.getOrDefault(result.path("play").asLong(), "<missing play " + result.path("play") + ">"));
      ArrayNode delegated = r.putArray("delegated_to");
      TreeSet<String> delegatedNames = new TreeSet<>();
      result.path("delegated_to").forEach(h -> delegatedNames.add(hostNames.getOrDefault(h.asLong(), "<missing host " + h + ">")));
      delegatedNames.forEach(delegated::add);
      r.set("timing", timing(result, taskRows.get(taskId)));
      r.set("content", normaliser.resultContent(detail("results", result).path("content")));
      results.set(resultKeysByTask.computeIfAbsent(taskId, k -> new Occurrences()).next(host), r);
    }
    return out;
  }

  /** The items of {@code endpoint} that belong to the playbook, oldest first. */
  private List<JsonNode> owned(String endpoint, long playbookId) {
    // ARA 1.5.8 ignores query filters it does not know, so also check ownership here.
    return byId(api.list(endpoint, "playbook", Long.toString(playbookId)).stream()
        .filter(item -> item.path("playbook").asLong() == playbookId).toList());
  }

  private JsonNode detail(String endpoint, JsonNode item) {
    return api.get("/api/v1/" + endpoint + "/" + item.path("id").asLong());
  }

  /**
   * The entity's own fields: bookkeeping dropped, relations left to the caller, times reduced to
   * whether they are set, uuids masked; every other field (also ones a newer ARA adds) kept as is.
   */
  private ObjectNode fields(JsonNode item, RunWindow run) {
    ObjectNode out = nodes.objectNode();
    item.fields().forEachRemaining(field -> {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (BOOKKEEPING.contains(name) || RELATIONS.contains(name)) {
        return;
      }
      if (TIMES.contains(name)) {
        out.set(name, time(value, run));
      } else if (name.equals("uuid")) {
        out.set(name, normaliser.uuid(value));
      } else if (name.equals("tags")) {
        out.set(name, normaliser.tags(value));
      } else {
        out.set(name, value);
      }
    });
    return out;
  }

  /** A stored time as its presence, or as whether it lies in the run, or as itself when it does not. */
  private JsonNode time(JsonNode value, RunWindow run) {
    if (value.isNull()) {
      return NullNode.getInstance();
    }
    if (run == null) {
      return nodes.textNode(SET);
    }
    return run.contains(OffsetDateTime.parse(value.asText()).toInstant()) ? nodes.textNode(IN_RUN) : value;
  }

  /**
   * How the item's times relate to each other and to its parent's: two runs have different times,
   * but a faithful record keeps their order.
   */
  private ObjectNode timing(JsonNode item, JsonNode parent) {
    ObjectNode out = nodes.objectNode();
    Instant started = time(item, "started");
    Instant ended = time(item, "ended");
    out.put("ended_not_before_started", started != null && ended != null ? !ended.isBefore(started) : null);
    Instant parentStarted = time(parent, "started");
    Instant parentEnded = time(parent, "ended");
    out.put("starts_within_parent", started != null && parentStarted != null ? !started.isBefore(parentStarted) : null);
    out.put("ends_within_parent", ended != null && parentEnded != null ? !ended.isAfter(parentEnded) : null);
    return out;
  }

  private static Instant time(JsonNode item, String field) {
    JsonNode value = item.path(field);
    if (!value.isTextual()) {
      return null;
    }
    return OffsetDateTime.parse(value.asText()).toInstant();
  }

  private static List<JsonNode> byId(List<JsonNode> items) {
    return items.stream().sorted(Comparator.comparingLong(i -> i.path("id").asLong())).toList();
  }

  private static List<String> sortedText(JsonNode array, String field) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.path(field).asText()).sorted().toList();
  }

  /** Turns repeated names into unique keys: "x #1", "x #2", ... in the order they are asked for. */
  private static final class Occurrences {
    private final Map<String, Integer> seen = new LinkedHashMap<>();

    String next(String name) {
      return name + " #" + seen.merge(name, 1, Integer::sum);
    }
  }
}
