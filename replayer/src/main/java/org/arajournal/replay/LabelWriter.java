package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Sets the playbook's labels as each play start does in ara_default. */
final class LabelWriter {
  private final RunTarget target;
  private List<String> labels = List.of();

  LabelWriter(RunTarget target) {
    this.target = target;
  }

  /** Sets the playbook's labels to a play's {@code labels} unless they are those already (compared sorted). */
  void play(List<String> labels) {
    List<String> wanted = new ArrayList<>();
    for (String label : labels == null ? List.<String>of() : labels) {
      wanted.add(CallbackDialect.truncate(label));
    }
    if (wanted.isEmpty() || sorted(wanted).equals(sorted(this.labels))) {
      return;
    }
    ObjectNode body = target.object();
    ArrayNode array = body.putArray("labels");
    wanted.forEach(array::add);
    JsonNode playbook = target.ara().patch("/api/v1/playbooks/" + target.playbookId(), body);
    List<String> now = new ArrayList<>();
    playbook.path("labels").forEach(label -> now.add(label.path("name").asText()));
    this.labels = now;
  }

  private static List<String> sorted(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    copy.sort(null);
    return copy;
  }
}
