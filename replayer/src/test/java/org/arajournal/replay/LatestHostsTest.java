package org.arajournal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraSettings;
import org.arajournal.ara.ConnectionMode;
import org.arajournal.ara.RetryPolicy;
import org.arajournal.event.Times;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hosts created in any order leave ARA's latest host of each name on its newest playbook. */
class LatestHostsTest {
  private static final Instant EARLY = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATE = EARLY.plusSeconds(3600);

  private FakeAra server;
  private AraClient ara;

  @BeforeEach
  void connect() throws Exception {
    server = new FakeAra("1.5.8");
    AraSettings settings = new AraSettings(server.url(), null, null, Duration.ofSeconds(5), null, null, null, false);
    ara = AraClient.connect(settings, 2, ConnectionMode.KEEP_ALIVE, RetryPolicy.DEFAULT);
  }

  @AfterEach
  void close() throws Exception {
    ara.close();
    server.close();
  }

  private long playbook(Instant started) {
    return ara.post("/api/v1/playbooks", ara.mapper().createObjectNode().put("path", "/p/site.yml")
        .put("started", Times.format(started))).get("id").asLong();
  }

  @Test
  void aHostOfANewerPlaybookBecomesTheLatest() {
    long older = playbook(EARLY);
    long newer = playbook(LATE);
    LatestHosts hosts = new LatestHosts(ara);
    hosts.create("web1", older, EARLY);
    hosts.create("web1", newer, LATE);
    assertEquals(newer, server.latestPlaybookOf("web1"));
  }

  @Test
  void aHostOfAnOlderPlaybookCreatedLaterLeavesTheLatestOnTheNewer() {
    long older = playbook(EARLY);
    long newer = playbook(LATE);
    LatestHosts hosts = new LatestHosts(ara);
    hosts.create("web1", newer, LATE);
    long olderHost = hosts.create("web1", older, EARLY);
    assertEquals(newer, server.latestPlaybookOf("web1"));
    assertEquals(older, server.stored("hosts").stream().filter(h -> h.get("id").asLong() == olderHost).findFirst()
        .orElseThrow().get("playbook").asLong(), "the older playbook still gets its own host");
  }

  @Test
  void aNewerPlaybookAlreadyOnTheServerStaysTheLatest() {
    long older = playbook(EARLY);
    long newer = playbook(LATE);
    new LatestHosts(ara).create("web1", newer, LATE); // an earlier replay, or ARA's own callback
    new LatestHosts(ara).create("web1", older, EARLY);
    assertEquals(newer, server.latestPlaybookOf("web1"));
  }

  @Test
  void aNewerHostAnotherReplayCreatedMeanwhileStaysTheLatest() {
    long oldest = playbook(EARLY);
    long middle = playbook(EARLY.plusSeconds(60));
    long newest = playbook(LATE);
    LatestHosts mine = new LatestHosts(ara);
    LatestHosts otherProcess = new LatestHosts(ara); // another replay into the same server
    mine.create("web1", oldest, EARLY);
    mine.settle(oldest);
    otherProcess.create("web1", newest, LATE);
    otherProcess.settle(newest);
    mine.create("web1", middle, EARLY.plusSeconds(60));
    mine.settle(middle);
    assertEquals(newest, server.latestPlaybookOf("web1"));
  }

  @Test
  void aReplayThatLookedUpWhileAnotherMovedTheIndexLearnsTheNewestHolderItNeverSaw() {
    long middle = playbook(EARLY.plusSeconds(60));
    long newest = playbook(LATE);
    long oldest = playbook(EARLY);
    LatestHosts c = new LatestHosts(ara);
    LatestHosts a = new LatestHosts(ara);
    LatestHosts b = new LatestHosts(ara);
    c.create("web1", middle, EARLY.plusSeconds(60));
    a.create("web1", newest, LATE);
    a.settle(newest);
    c.create("web1", middle, EARLY.plusSeconds(60)); // c has not read a's host yet: the index moves back for a while
    b.create("web1", oldest, EARLY); // b starts after a's host and looks the name up meanwhile
    c.settle(middle);
    b.settle(oldest);
    assertEquals(newest, server.latestPlaybookOf("web1"));
  }

  @Test
  void aRunAloneOnTheServerCostsOneLookupPerNameAndOneReadOfNewHosts() {
    long playbook = playbook(EARLY);
    LatestHosts hosts = new LatestHosts(ara);
    for (String name : new String[] {"web1", "web2", "db1"}) {
      hosts.create(name, playbook, EARLY);
    }
    hosts.settle(playbook);
    assertEquals(3, server.calls("GET", "latesthosts").size(), "one lookup per name, no check: " + server.calls);
    assertEquals(2, server.calls("GET", "hosts").size(), "the newest host id, then one read: " + server.calls);
    assertEquals(3, server.calls("POST", "hosts").size(), "" + server.calls);
  }

  @Test
  void aReplayOfAnOlderRunAfterANewerOneSendsNoChecks() {
    long older = playbook(EARLY);
    long newer = playbook(LATE);
    LatestHosts hosts = new LatestHosts(ara);
    hosts.create("web1", newer, LATE);
    hosts.create("web1", older, EARLY); // posts the newer playbook's host again: ARA answers with the one it has
    hosts.settle(older);
    hosts.settle(newer);
    assertEquals(newer, server.latestPlaybookOf("web1"));
    assertEquals(1, server.calls("GET", "latesthosts").size(), "the first lookup only, no check: " + server.calls);
    assertEquals(0, server.calls("GET", "playbooks").size(), "no newer holders looked for: " + server.calls);
  }

  @Test
  void onlyTheSameHostNameCounts() {
    long older = playbook(EARLY);
    long newer = playbook(LATE);
    new LatestHosts(ara).create("web10", newer, LATE); // ARA's name filter matches "web1" in "web10"
    new LatestHosts(ara).create("web1", older, EARLY);
    assertEquals(older, server.latestPlaybookOf("web1"));
    assertEquals(newer, server.latestPlaybookOf("web10"));
  }
}
