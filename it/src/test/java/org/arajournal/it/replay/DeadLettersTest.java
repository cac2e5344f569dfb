package org.arajournal.it.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.arajournal.event.Event;
import org.arajournal.event.EventCodec;
import org.arajournal.event.Payload;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.arajournal.journal.Journal;
import org.arajournal.journal.JournalAppender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event the server refuses (here a result whose status ARA does not know) becomes a dead letter
 * that `status` lists; everything else is delivered, and a retry creates nothing twice.
 */
class DeadLettersTest {
  @TempDir static Path shared;
  static Path journal;
  static RecordedRun recorded;
  static UUID spoiled = UUID.randomUUID();
  static long refusedSeq;

  @BeforeAll
  static void recordAGoodRunAndASpoiledCopy() throws IOException {
    journal = RecordedRun.record(shared, "site.yml");
    recorded = RecordedRun.only(journal);
    // The same run an hour later, with one result in a status no ARA accepts.
    Event victim = recorded.all(Payload.ResultRecorded.class).get(1);
    refusedSeq = victim.seq();
    EventCodec codec = new EventCodec();
    try (Journal opened = Journal.open(journal); JournalAppender appender = opened.appender()) {
      for (Event event : recorded.events) {
        Payload payload = event.payload();
        if (event == victim) {
          Payload.ResultRecorded r = RecordedRun.payload(event);
          payload = new Payload.ResultRecorded(r.host(), r.taskUuid(), "bogus", r.delegatedTo(), r.content(),
              r.changed(), r.ignoreErrors(), r.started() == null ? null : r.started().plusSeconds(3600));
        }
        Event copy = new Event(event.schema(), spoiled, event.seq(), event.time().plusSeconds(3600), payload);
        appender.append(codec.encode(copy).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aRefusedResultIsADeadLetterThatStatusListsAndEverythingElseIsDelivered(@TempDir Path dir) throws Exception {
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      Processes.Result replay = replay(server, dir);

      assertEquals(1, replay.exitCode(), "not everything was delivered:\n" + replay.output());
      assertTrue(replay.output().contains("1 event(s) could not be delivered"), replay.output());
      AraApi api = new AraApi(server.url());
      assertEquals(2, api.count("playbooks"));
      long results = recorded.all(Payload.ResultRecorded.class).size();
      assertEquals(2 * results - 1, api.count("results"), replay.output());

      JsonNode target = status(server, dir).get("targets").get(0);
      assertEquals(1, target.get("runs_with_dead_letters").asInt());
      assertEquals(1, target.get("runs_replayed").asInt());
      JsonNode letter = target.get("dead_letters").get(0);
      assertEquals(spoiled.toString(), letter.get("run").asText());
      assertEquals(refusedSeq, letter.get("seq").asLong());
      assertEquals(400, letter.get("status").asInt());
      assertTrue(letter.get("reason").asText().contains("bogus"), letter.toString());
    }
  }

  @Test
  void retryingDeadLettersCreatesNothingTwice(@TempDir Path dir) throws Exception {
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara")))) {
      replay(server, dir);
      AraApi api = new AraApi(server.url());
      long results = api.count("results");
      long tasks = api.count("tasks");

      Processes.Result plain = replay(server, dir);
      assertEquals(0, plain.exitCode(), "nothing new failed:\n" + plain.output());
      assertTrue(plain.output().contains("--retry-dead-letters"), plain.output());

      Processes.Result retry = replay(server, dir, "--retry-dead-letters");
      assertEquals(1, retry.exitCode(), "the server still refuses it:\n" + retry.output());
      assertEquals(results, api.count("results"), retry.output());
      assertEquals(tasks, api.count("tasks"));
      assertEquals(2, api.count("playbooks"));
      assertEquals(1, status(server, dir).get("targets").get(0).get("dead_letters").size(),
          "the dead letter is replaced, not added to");
    }
  }

  private static Processes.Result replay(AraServer server, Path dir, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--state", dir.resolve("state").toString()));
    args.addAll(List.of(more));
    return ReplayCli.replay(journal, server.url(), args.toArray(String[]::new));
  }

  private static JsonNode status(AraServer server, Path dir) throws IOException {
    Processes.Result status = Processes.run(List.of(Tools.launcher().toString(), "status", "--from",
        journal.toString(), "--to", server.url(), "--state", dir.resolve("state").toString(), "--json"), Map.of(),
        dir, Duration.ofMinutes(1));
    assertEquals(0, status.exitCode(), status.output());
    String out = status.output();
    return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
  }
}
