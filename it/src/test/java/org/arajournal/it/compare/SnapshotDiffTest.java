package org.arajournal.it.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESULT = "/playbooks/[/corpus/site.yml #1]/plays/Play #1/tasks/"
      + "[Say hi @ /corpus/site.yml:3 #1]/results/host1 #1";

  /** A hand-made snapshot shaped like SnapshotReader's: one playbook, one play, one task, one result. */
  private static ObjectNode snapshot() {
    try {
      return (ObjectNode) JSON.readTree("""
          {"labels": ["check:False", "corpus"],
           "playbooks": {"/corpus/site.yml #1": {
             "status": "completed", "labels": ["check:False", "corpus"],
             "hosts": {"host1": {"ok": 1, "facts": {}}},
             "files": {"/corpus/site.yml": {"sha1": "abc", "content": "- hosts: all\\n"}},
             "plays": {"Play #1": {"status": "completed", "order": 1, "tasks": {
               "Say hi @ /corpus/site.yml:3 #1": {"status": "completed", "order": 1, "results": {
                 "host1 #1": {"status": "ok", "changed": false, "delegated_to": [],
                              "content": {"msg": "héllo wörld ✓ 日本", "stdout_lines": ["a", "b"]}}}}}}}}}}
          """);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Difference> diff(JsonNode left, JsonNode right) {
    return SnapshotDiff.between(new AraSnapshot(left), new AraSnapshot(right));
  }

  @Test
  void equalSnapshotsHaveNoDifferences() {
    assertEquals(List.of(), diff(snapshot(), snapshot()));
  }

  @Test
  void reportsAChangedResultStatusWithBothValues() {
    ObjectNode right = snapshot();
    ((ObjectNode) resultOf(right)).put("status", "failed");

    List<Difference> differences = diff(snapshot(), right);

    assertEquals(1, differences.size(), SnapshotDiff.report(differences));
    assertEquals(RESULT + "/status", differences.get(0).path());
    assertEquals("ok", differences.get(0).left().asText());
    assertEquals("failed", differences.get(0).right().asText());
  }

  @Test
  void reportsAMissingLabel() {
    ObjectNode right = snapshot();
    ((com.fasterxml.jackson.databind.node.ArrayNode) playbookOf(right).get("labels")).remove(1);

    List<Difference> differences = diff(snapshot(), right);

    assertEquals(1, differences.size(), SnapshotDiff.report(differences));
    assertEquals("/playbooks/[/corpus/site.yml #1]/labels[1]", differences.get(0).path());
    assertEquals("corpus", differences.get(0).left().asText());
    assertNull(differences.get(0).right());
  }

  @Test
  void reportsChangedResultContentDownToTheField() {
    ObjectNode right = snapshot();
    ((ObjectNode) resultOf(right).get("content")).put("msg", "hello world");

    List<Difference> differences = diff(snapshot(), right);

    assertEquals(1, differences.size(), SnapshotDiff.report(differences));
    assertEquals(RESULT + "/content/msg", differences.get(0).path());
    assertTrue(differences.get(0).toString().contains("héllo wörld ✓ 日本"), differences.get(0).toString());
  }

  @Test
  void reportsAResultThatOnlyOneSideHas() {
    ObjectNode right = snapshot();
    ((ObjectNode) taskOf(right).get("results")).remove("host1 #1");

    List<Difference> differences = diff(snapshot(), right);

    assertEquals(1, differences.size(), SnapshotDiff.report(differences));
    assertEquals(RESULT, differences.get(0).path());
    assertNull(differences.get(0).right());
  }

  @Test
  void reportsChangedFileContent() {
    ObjectNode right = snapshot();
    ((ObjectNode) playbookOf(right).get("files").get("/corpus/site.yml")).put("content", "- hosts: web\n");

    List<Difference> differences = diff(snapshot(), right);

    assertEquals(1, differences.size(), SnapshotDiff.report(differences));
    assertEquals("/playbooks/[/corpus/site.yml #1]/files/[/corpus/site.yml]/content", differences.get(0).path());
  }

  @Test
  void showsWhereALongTextFirstDiffers() {
    String big = "x".repeat(100_000);
    ObjectNode left = snapshot();
    ObjectNode right = snapshot();
    ((ObjectNode) resultOf(left).get("content")).put("stdout", big + "a" + big);
    ((ObjectNode) resultOf(right).get("content")).put("stdout", big + "b" + big);

    String report = SnapshotDiff.report(diff(left, right));

    assertTrue(report.contains("first difference at char 100000"), report);
    assertTrue(report.length() < 2_000, "report must stay readable, was " + report.length() + " chars");
  }

  private static JsonNode playbookOf(JsonNode snapshot) {
    return snapshot.get("playbooks").get("/corpus/site.yml #1");
  }

  private static JsonNode taskOf(JsonNode snapshot) {
    return playbookOf(snapshot).get("plays").get("Play #1").get("tasks").get("Say hi @ /corpus/site.yml:3 #1");
  }

  private static JsonNode resultOf(JsonNode snapshot) {
    return taskOf(snapshot).get("results").get("host1 #1");
  }
}
