package org.arajournal.it.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ara_record on a controller that cannot reach ARA: ara-journal's action (the only one on the
 * action path here, as without ARA installed) records the record into the journal, and refuses a
 * record for another playbook, which cannot be resolved offline.
 */
class AraRecordOfflineTest {
  @Test
  void aRecordIsJournalledWithoutAnAraServerAndARecordForAnotherPlaybookFailsItsTask(@TempDir Path dir)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("records.yml"), String.join("\n",
        "- hosts: localhost",
        "  gather_facts: false",
        "  tasks:",
        "    - name: Record offline",
        "      ara_record:",
        "        key: build",
        "        value: {number: 42}",
        "        type: dict",
        "    - name: Record for an earlier playbook",
        "      ara_record:",
        "        playbook_id: 7",
        "        key: build",
        "        value: x",
        "      ignore_errors: true",
        ""));
    Path journal = dir.resolve("journal");
    Processes.Result run = Ansible.recordingInto(work, journal)
        .env("ANSIBLE_ACTION_PLUGINS", Tools.actionPlugins().toString())
        .env("ARA_API_SERVER", "http://127.0.0.1:9") // nothing listens there
        .run(work.resolve("records.yml"));
    assertEquals(0, run.exitCode(), run.output());

    List<RecordedEvent> events = JournalContents.read(journal).onlyRun();
    List<RecordedEvent> records = events.stream().filter(e -> e.event().type().equals("record")).toList();
    assertEquals(1, records.size(), "one record: " + records);
    assertEquals("build", records.get(0).text("key"));
    assertEquals("dict", records.get(0).text("record_type"));
    assertEquals(42, records.get(0).json().path("value").path("number").asInt());

    RecordedEvent refused = events.stream().filter(e -> e.event().type().equals("result")).toList().get(1);
    assertEquals("failed", refused.text("status"));
    String message = refused.json().path("content").path("msg").asText();
    assertTrue(message.contains("playbook_id 7 cannot be resolved while ara-journal records offline"), message);
  }
}
