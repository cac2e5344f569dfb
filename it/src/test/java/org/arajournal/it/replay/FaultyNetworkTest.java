package org.arajournal.it.replay;

import static org.arajournal.it.compare.SnapshotAssertions.assertNoDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.arajournal.event.Event;
import org.arajournal.event.Payload;
import org.arajournal.it.compare.AraSnapshot;
import org.arajournal.it.compare.Normaliser;
import org.arajournal.it.compare.RunWindow;
import org.arajournal.it.compare.SnapshotReader;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.FaultProxy;
import org.arajournal.it.support.FaultProxy.Fault;
import org.arajournal.it.support.FaultProxy.FaultPlan;
import org.arajournal.it.support.FaultProxy.Rates;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replay through a network that drops, refuses, delays and cuts requests still puts into ARA
 * exactly what a replay over a clean network puts there: every record once, nothing missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultyNetworkTest {
  private static final Logger LOG = LoggerFactory.getLogger(FaultyNetworkTest.class);
  /** Fixed, so a failure can be reproduced request for request (given the same order of requests). */
  private static final long SEED = 20261130L;
  private static final double FAULTED = 0.15;
  /** Faults after which the client knows the server did not act: a plain retry is always right. */
  private static final Set<Fault> UNAMBIGUOUS =
      EnumSet.of(Fault.RESET_BEFORE_FORWARD, Fault.UNAVAILABLE, Fault.DELAY, Fault.SLOW_RESPONSE);
  /** Faults after which the server did act but the client cannot know: a retry must look before it sends again. */
  private static final Set<Fault> AMBIGUOUS = EnumSet.of(Fault.RESET_AFTER_FORWARD, Fault.TRUNCATED_RESPONSE);
  private static final FaultProxy.Settings QUICK = new FaultProxy.Settings(Duration.ofMillis(200), 256,
      Duration.ofMillis(5));

  private Path dir;
  private Path journal;
  private RecordedRun recorded;
  private RunWindow window;
  private AraServer clean;
  private AraSnapshot cleanSnapshot;

  @BeforeAll
  void recordAndReplayOverACleanNetwork(@TempDir Path dir) throws IOException {
    this.dir = dir;
    Path work = Files.createDirectories(dir.resolve("work"));
    copy("site.yml", work);
    copy("inventory", work);
    journal = dir.resolve("journal");
    Instant from = Instant.now();
    Processes.Result run = Ansible.recordingInto(work, journal).run(work.resolve("site.yml"), "-i",
        work.resolve("inventory").toString());
    window = new RunWindow(from, Instant.now());
    assertEquals(0, run.exitCode(), run.output());
    recorded = RecordedRun.only(journal);

    clean = AraServer.start(Files.createDirectories(dir.resolve("ara-clean")));
    Processes.Result replay = ReplayCli.replay(journal, clean.url());
    assertEquals(0, replay.exitCode(), replay.output());
    cleanSnapshot = snapshot(clean.url());
  }

  @AfterAll
  void stop() {
    if (clean != null) {
      clean.close();
    }
  }

  @Test
  void faultsAfterWhichTheServerDidNotActLeaveEverythingOnceInAra() {
    replayThroughFaultsAndCompare("unambiguous", FaultPlan.random(SEED, Rates.evenly(FAULTED, UNAMBIGUOUS), r -> true));
  }

  @Test
  void faultsOnReusedConnectionsLeaveEverythingOnceInAra() {
    // Against runserver the replayer opens a connection per request by default; this is the path a
    // production server (gunicorn, keep-alive) takes, where a fault hits a pooled connection.
    FaultProxy proxy = replayThroughFaultsAndCompare("keep-alive",
        FaultPlan.random(SEED, Rates.evenly(FAULTED, UNAMBIGUOUS), r -> true), "--connection", "keep-alive");
    assertTrue(proxy.connections() < proxy.requests() / 2, "the replay reused its connections: "
        + proxy.requests() + " requests on " + proxy.connections() + " connections");
  }

  @Test
  void faultsAfterWhichTheServerDidActButDidNotAnswerLeaveEverythingOnceInAra() {
    replayThroughFaultsAndCompare("ambiguous", FaultPlan.random(SEED, Rates.evenly(FAULTED, AMBIGUOUS), r -> true));
  }

  @Test
  void everyKindOfFaultMixedLeavesEverythingOnceInAra() {
    Set<Fault> all = EnumSet.copyOf(UNAMBIGUOUS);
    all.addAll(AMBIGUOUS);
    replayThroughFaultsAndCompare("mixed", FaultPlan.random(SEED + 1, Rates.evenly(0.2, all), r -> true));
  }

  @Test
  void aPlaybookIsClosedWhenAnswersToItsUpdatesTimeOut() throws IOException {
    // Two PATCHes of the playbook (its name/labels, its end) answered slower than the 1 s timeout:
    // the server has applied each, the client gives up reading and must try again.
    FaultPlan slowPlaybookUpdates = FaultPlan.script(
        r -> r.method().equals("PATCH") && r.target().startsWith("/api/v1/playbooks/"),
        Fault.SLOW_RESPONSE, Fault.SLOW_RESPONSE);
    FaultProxy.Settings slower = new FaultProxy.Settings(Duration.ZERO, 16, Duration.ofMillis(1500));
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara-slow")));
        FaultProxy proxy = FaultProxy.start(server.port(), slowPlaybookUpdates, slower)) {
      Processes.Result replay = ReplayCli.replay(journal, proxy.url(), "--timeout", "1");
      LOG.info("slow playbook updates: {} requests, faults {}", proxy.requests(), proxy.counts());
      assertEquals(0, replay.exitCode(), replay.output());
      assertEquals(2, proxy.counts().getOrDefault(Fault.SLOW_RESPONSE, 0), "both slow answers were sent");

      AraApi api = new AraApi(server.url());
      var playbook = api.onlyPlaybook();
      assertEquals("completed", playbook.path("status").asText(), playbook.toPrettyString());
      assertFalse(playbook.path("ended").isNull(), "the playbook has its end: " + playbook.toPrettyString());
      assertNoDifferences("slow-playbook-updates", cleanSnapshot, snapshot(server.url()));
    }
  }

  /** Replays through a proxy with {@code plan} into a fresh server, checks it against the clean replay; returns the (closed) proxy. */
  private FaultProxy replayThroughFaultsAndCompare(String name, FaultPlan plan, String... replayArgs) {
    try (AraServer server = AraServer.start(Files.createDirectories(dir.resolve("ara-" + name)));
        FaultProxy proxy = FaultProxy.start(server.port(), plan, QUICK)) {
      long start = System.nanoTime();
      Processes.Result replay = ReplayCli.replay(journal, proxy.url(), replayArgs);
      LOG.info("{}: replay through faults in {} ms: {} requests on {} connections, faults {}", name,
          (System.nanoTime() - start) / 1_000_000, proxy.requests(), proxy.connections(), proxy.counts());
      assertEquals(0, replay.exitCode(), replay.output());
      assertTrue(proxy.injected().size() > 0, "the proxy faulted no request; the test proves nothing");

      AraApi api = new AraApi(server.url());
      long playbook = api.onlyPlaybook().get("id").asLong();
      String context = name + ": faults " + proxy.injected() + "\nreplay said:\n" + replay.output();
      // All three counts in one assertion: a duplicated play, task or result each shows up at once.
      String expected = "plays=" + recorded.all(Payload.PlayStarted.class).size()
          + " tasks=" + recorded.all(Payload.TaskStarted.class).size()
          + " results=" + recorded.all(Payload.ResultRecorded.class).size();
      String stored = "plays=" + api.count("plays?playbook=" + playbook)
          + " tasks=" + api.count("tasks?playbook=" + playbook)
          + " results=" + api.count("results?playbook=" + playbook);
      assertEquals(expected, stored, "every play, task and result once; results stored more often than recorded: "
          + surplusResults(api, playbook) + "; " + context);
      assertNoDifferences("faulty-network-" + name, cleanSnapshot, snapshot(server.url()));
      return proxy;
    } catch (IOException e) {
      throw new AssertionError("cannot create the server directory for " + name, e);
    }
  }

  /** "task @ host (status, started)" of every result ARA holds more often than the journal, with how many extra. */
  private Map<String, Integer> surplusResults(AraApi api, long playbook) {
    Map<String, String> taskNames = new HashMap<>();
    recorded.all(Payload.TaskStarted.class).forEach(e -> {
      Payload.TaskStarted task = RecordedRun.payload(e);
      taskNames.put(task.uuid(), task.name());
    });
    Map<String, Integer> surplus = new TreeMap<>();
    for (Event event : recorded.all(Payload.ResultRecorded.class)) {
      Payload.ResultRecorded result = RecordedRun.payload(event);
      surplus.merge(taskNames.get(result.taskUuid()) + " @ " + result.host(), -1, Integer::sum);
    }
    Map<Long, String> hosts = new HashMap<>();
    api.list("hosts?playbook=" + playbook).forEach(h -> hosts.put(h.get("id").asLong(), h.get("name").asText()));
    Map<Long, String> tasks = new HashMap<>();
    api.list("tasks?playbook=" + playbook).forEach(t -> tasks.put(t.get("id").asLong(), t.get("name").asText()));
    for (JsonNode result : api.list("results?playbook=" + playbook)) {
      surplus.merge(tasks.get(result.get("task").asLong()) + " @ " + hosts.get(result.get("host").asLong()), 1,
          Integer::sum);
    }
    surplus.values().removeIf(extra -> extra == 0);
    return surplus;
  }

  private AraSnapshot snapshot(String url) {
    return new SnapshotReader(new AraApi(url), new Normaliser()).readAfter(0, window);
  }

  private static void copy(String resource, Path dir) throws IOException {
    try (InputStream in = FaultyNetworkTest.class.getResourceAsStream("/replay/" + resource)) {
      Files.copy(in, dir.resolve(resource));
    }
  }
}
