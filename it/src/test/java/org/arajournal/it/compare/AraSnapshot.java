package org.arajournal.it.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything an ARA server stores for some playbooks, as one normalised tree that does not depend
 * on database ids or on when the run happened; built by {@link SnapshotReader}, compared by
 * {@link SnapshotDiff}.
 *
 * <p>Shape: {@code {"labels": [...], "playbooks": {"<path> #n": {..., "plays": {"<name> #n": {...,
 * "tasks": {"<name> @ <path>:<lineno> #n": {..., "results": {"<host> #n": {...}}}}}}, "hosts":
 * {"<name>": {...}}, "files": {"<path>": {...}}, "records": {"<key>": {...}}}}, "latest_hosts": {"<host>": "<playbook key>"}}}.
 */
public record AraSnapshot(JsonNode tree) {
  public AraSnapshot {
    Objects.requireNonNull(tree, "tree");
    if (!tree.isObject()) {
      throw new IllegalArgumentException("a snapshot is a JSON object, got " + tree.getNodeType());
    }
  }

  /** How many playbooks the snapshot holds. */
  public int playbookCount() {
    return tree.path("playbooks").size();
  }

  /** How many results the snapshot holds, over all playbooks. */
  public int resultCount() {
    int count = 0;
    for (JsonNode playbook : tree.path("playbooks")) {
      for (JsonNode play : playbook.path("plays")) {
        for (JsonNode task : play.path("tasks")) {
          count += task.path("results").size();
        }
      }
    }
    return count;
  }

  /** The tree as indented JSON with keys in a stable order, for humans and for failure reports. */
  public String toPrettyJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    try {
      Object sorted = mapper.treeToValue(tree, Object.class);
      return mapper.writeValueAsString(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render snapshot", e);
    }
  }

  /** Writes {@link #toPrettyJson()} to {@code file}, e.g. next to a failing test's report. */
  public Path writeTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, toPrettyJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot to " + file, e);
    }
  }
}
