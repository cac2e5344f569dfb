package org.arajournal.it.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.arajournal.journal.JournalReader;
import org.arajournal.journal.RawEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal with bad entries among good ones: the replay names every bad entry by its journal
 * index and delivers everything else, including a 10 MB result, whole.
 *
 * <p>The journal holds a recorded run (A) untouched, then a copy of it as a second run (B: new run,
 * play and task ids, times an hour earlier) with entries placed after its first result: a
 * document that is not JSON, a valid result whose content is 10 MB, a result with bytes that are
 * not UTF-8 (the recorder writes ASCII-only JSON, so such bytes can only be damage: it is named and
 * delivered with replacement characters, keeping its host, status and times), and an event of an
 * unknown type (a dead letter: a newer replayer may read it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedJournalTest {
  private static final int TEN_MB = 10 * 1024 * 1024;
  private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
  private static final Pattern LEVEL = Pattern.compile(" (WARN|ERROR) ");

  private final ObjectMapper json = new ObjectMapper();
  private RecordedRun recorded;
  private final UUID runB = UUID.randomUUID();
  private long notJsonIndex;
  private long unknownTypeIndex;
  private long notUtf8Index;
  private long hugeResultIndex;
  private AraServer server;
  private Processes.Result replay;
  private AraApi api;

  @BeforeAll
  void recordCorruptAndReplay(@TempDir Path dir) throws IOException {
    Path source = RecordedRun.record(dir.resolve("source"), "site.yml");
    recorded = RecordedRun.only(source);

    Path journal = dir.resolve("journal");
    writeJournal(source, journal);

    server = AraServer.start(Files.createDirectories(dir.resolve("ara")));
    api = new AraApi(server.url());
    replay = ReplayCli.replay(journal, server.url());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aDocumentThatIsNotJsonIsNamedByItsJournalIndex() {
    assertNamed(notJsonIndex, "the entry that is not JSON");
  }

  @Test
  void anEventOfAnUnknownTypeIsNamedByItsJournalIndex() {
    assertNamed(unknownTypeIndex, "the event of unknown type 'task_paused'");
  }

  @Test
  void anEventThatIsNotUtf8IsNamedByItsJournalIndex() {
    assertNamed(notUtf8Index, "the result with bytes that are not UTF-8");
  }

  @Test
  void anEventOfAnUnknownTypeIsADeadLetterSoTheReplayFails() {
    // A newer ara-journal may read it: `replay --retry-dead-letters` after an upgrade sends it.
    assertEquals(1, replay.exitCode(), replay.output());
    assertTrue(replay.output().contains("1 event(s) could not be delivered"), replay.output());
  }

  @Test
  void theGoodRunIsDeliveredWhole() {
    JsonNode playbook = playbooks().get(1);
    assertEquals(expectedCounts(0), storedCounts(playbook), replay.output());
    assertEquals("completed", playbook.path("status").asText(), replay.output());
  }

  @Test
  void everyGoodEventOfTheRunWithBadEntriesIsDelivered() {
    JsonNode playbook = playbooks().get(0);
    // its own results plus the 10 MB one and the damaged one (delivered with U+FFFD for its bad bytes)
    assertEquals(expectedCounts(2), storedCounts(playbook), replay.output());
    assertEquals("completed", playbook.path("status").asText(), replay.output());
  }

  @Test
  void aTenMegabyteResultIsDeliveredWhole() {
    JsonNode playbook = playbooks().get(0);
    List<JsonNode> huge = new ArrayList<>();
    for (JsonNode result : api.list("results?playbook=" + playbook.path("id").asLong())) {
      JsonNode content = api.get("results/" + result.path("id").asLong()).path("content");
      if (content.path("msg").asText().length() >= TEN_MB) {
        huge.add(content);
      }
    }
    assertEquals(1, huge.size(), "one result with the 10 MB message; the replay said:\n" + replay.output());
    assertEquals(hugeMessage(), huge.get(0).path("msg").asText(), "the 10 MB message, byte for byte");
  }

  /** Both runs' playbooks, run B's first: its times are an hour earlier. */
  private List<JsonNode> playbooks() {
    List<JsonNode> playbooks = new ArrayList<>(api.list("playbooks"));
    assertEquals(2, playbooks.size(), "one playbook per run; the replay said:\n" + replay.output());
    playbooks.sort(Comparator.comparing(p -> AraApi.time(p, "started")));
    return playbooks;
  }

  private void assertNamed(long index, String what) {
    String output = replay.output();
    Pattern number = Pattern.compile("\\b" + index + "\\b");
    boolean named = output.lines().anyMatch(line -> LEVEL.matcher(line).find() && number.matcher(line).find());
    assertTrue(named, "no WARN or ERROR line names journal entry " + index + " (" + what + ") in the replay's"
        + " output (exit " + replay.exitCode() + "):\n" + output);
  }

  private String expectedCounts(int extraResults) {
    return "plays=" + recorded.all(Payload.PlayStarted.class).size()
        + " tasks=" + recorded.all(Payload.TaskStarted.class).size()
        + " results=" + (recorded.all(Payload.ResultRecorded.class).size() + extraResults);
  }

  private String storedCounts(JsonNode playbook) {
    long id = playbook.path("id").asLong();
    return "plays=" + api.count("plays?playbook=" + id) + " tasks=" + api.count("tasks?playbook=" + id)
        + " results=" + api.count("results?playbook=" + id);
  }

  /**
   * Run A verbatim, then run B with the bad entries after its first result; remembers each bad
   * entry's journal index.
   */
  private void writeJournal(Path source, Path target) throws IOException {
    List<byte[]> original = new ArrayList<>();
    try (Journal journal = Journal.open(source); JournalReader reader = journal.reader()) {
      for (RawEntry entry = reader.next(); entry != null; entry = reader.next()) {
        original.add(entry.data());
      }
    }
    Map<String, String> newIds = new HashMap<>();
    recorded.all(Payload.PlayStarted.class)
        .forEach(e -> newIds.put(RecordedRun.<Payload.PlayStarted>payload(e).uuid(), UUID.randomUUID().toString()));
    recorded.all(Payload.TaskStarted.class)
        .forEach(e -> newIds.put(RecordedRun.<Payload.TaskStarted>payload(e).uuid(), UUID.randomUUID().toString()));

    try (Journal journal = Journal.open(target); JournalAppender appender = journal.appender()) {
      original.forEach(appender::append);
      long seq = 0;
      boolean inserted = false;
      for (byte[] data : original) {
        ObjectNode event = asRunB((ObjectNode) json.readTree(data), ++seq, newIds);
        appender.append(json.writeValueAsBytes(event));
        if (!inserted && event.path("type").asText().equals("result")) {
          inserted = true;
          // The unknown type last: a replayer that stops at it still shows what it does with the others.
          notJsonIndex = appender.append("this is not JSON: {\"type\": \"result\"".getBytes(StandardCharsets.UTF_8));

          ObjectNode huge = event.deepCopy().put("seq", ++seq);
          huge.putObject("content").put("changed", false).put("msg", hugeMessage());
          hugeResultIndex = appender.append(json.writeValueAsBytes(huge));

          ObjectNode corrupt = event.deepCopy().put("seq", ++seq);
          corrupt.putObject("content").put("msg", "PLACEHOLDER");
          notUtf8Index = appender.append(replace(json.writeValueAsBytes(corrupt), "PLACEHOLDER", NOT_UTF8));

          ObjectNode unknown = json.createObjectNode();
          unknown.setAll(event.deepCopy().retain("schema", "run", "time"));
          unknown.put("type", "task_paused").put("seq", ++seq).put("reason", "an event type from a newer recorder");
          unknownTypeIndex = appender.append(json.writeValueAsBytes(unknown));
        }
      }
    }
    assertTrue(hugeResultIndex > 0, "the recorded run has no result to place the bad entries after");
  }

  /** The event as run B's: new run id, {@code seq}, play and task ids, and times an hour earlier. */
  private ObjectNode asRunB(ObjectNode event, long seq, Map<String, String> newIds) {
    event.put("run", runB.toString());
    event.put("seq", seq);
    for (String field : List.of("time", "started")) {
      if (event.path(field).isTextual()) {
        event.put(field, Times.format(Times.parse(event.path(field).asText()).minus(Duration.ofHours(1))));
      }
    }
    List<String> names = new ArrayList<>();
    event.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String replacement = newIds.get(event.path(name).asText(null));
      if (event.path(name).isTextual() && replacement != null) {
        event.put(name, replacement);
      }
    }
    return event;
  }

  private static String hugeMessage() {
    StringBuilder text = new StringBuilder(TEN_MB);
    for (int i = 0; text.length() < TEN_MB; i++) {
      text.append("line ").append(i).append(" of a very large result\n");
    }
    return text.substring(0, TEN_MB);
  }

  private static byte[] replace(byte[] data, String placeholder, byte[] with) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(placeholder);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(data, 0, at);
    out.write(with, 0, with.length);
    out.write(data, at + placeholder.length(), data.length - at - placeholder.length());
    return out.toByteArray();
  }

}
