package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.arajournal.ara.AraClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates hosts so that ARA's latest-host index ends on each host's most recently started playbook,
 * whatever order the runs are replayed in, also while other replays feed the same server.
 *
 * <p>ARA points a host name at whichever playbook created (or got) a host of that name last. Its
 * callback records runs as they happen, so that is the newest run; a replay creates hosts in the
 * order its workers reach them, a journal copied from an air-gapped controller may be older than
 * what the server holds, and other replays create hosts of the same names meanwhile. So after each
 * creation the hosts of that name created since this process last looked are read, and while ARA's
 * index is not on the newest playbook among all of them, that playbook's host is posted again (ARA
 * gets or creates hosts, so that only moves the index). Whichever process posts last checks last,
 * so the index ends right.
 */
final class LatestHosts {
  private static final Logger log = LoggerFactory.getLogger(LatestHosts.class);
  /** Lock stripes: a host name's creations are serialized, different names mostly are not. */
  private static final int STRIPES = 64;
  private static final int PAGE = 100;
  /** Rounds of check and repost against other processes before giving up on one creation. */
  private static final int ROUNDS = 10;

  /** A playbook that holds a host of some name, and when it started. */
  private record Holder(long playbook, Instant started) {
    boolean newerThan(Holder other) {
      if (other == null) {
        return true;
      }
      if (started == null || other.started == null) {
        return started != null; // an unreadable time never outranks a known one
      }
      return started.isAfter(other.started) || started.equals(other.started) && playbook > other.playbook;
    }
  }

  /** What this process knows of one host name: the newest holder, and up to which host id it has looked. */
  private static final class Known {
    Holder newest;
    long seenUpTo;
  }

  private final AraClient ara;
  private final Object[] locks = new Object[STRIPES];
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  /** Start times of playbooks, which never change: this process's own and others' it met. */
  private final Map<Long, Optional<Instant>> started = new ConcurrentHashMap<>();

  LatestHosts(AraClient ara) {
    this.ara = ara;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** Gets or creates host {@code name} of {@code playbook} (started at {@code started}); returns its id. */
  long create(String name, long playbook, Instant playbookStarted) {
    this.started.putIfAbsent(playbook, Optional.ofNullable(playbookStarted));
    synchronized (locks[Math.floorMod(name.hashCode(), STRIPES)]) {
      Known state = known.get(name); // the stripe's lock, not the map's, covers the lookup
      if (state == null) {
        state = lookUp(name);
        known.put(name, state);
      }
      Holder mine = new Holder(playbook, playbookStarted);
      long id = post(name, playbook);
      if (mine.newerThan(state.newest)) {
        state.newest = mine;
      }
      settle(name, state, id, playbook);
      return id;
    }
  }

  /** Until ARA's latest host of {@code name} is on the newest playbook holding it, posts that one's host. */
  private void settle(String name, Known state, long lastPosted, long postedPlaybook) {
    for (int round = 0; round < ROUNDS; round++) {
      long highest = readNewHosts(name, state);
      if (postedPlaybook == state.newest.playbook()) {
        // No host created since this post, which moved the index to the newest holder: right. A
        // later post by another process is followed by that process's own check, which sees it.
        if (highest == lastPosted || latestPlaybook(name) == postedPlaybook) {
          return;
        }
      }
      log.debug("host {}: ARA's latest is not on playbook {}, the newest holding it; posting that one again", name,
          state.newest.playbook());
      postedPlaybook = state.newest.playbook();
      lastPosted = post(name, postedPlaybook);
    }
    log.warn("host {}: other replays kept moving ARA's latest host; left on playbook {}", name,
        latestPlaybook(name));
  }

  /** Reads the hosts named {@code name} with ids above {@code state.seenUpTo}; returns the highest host id seen. */
  private long readNewHosts(String name, Known state) {
    long upTo = state.seenUpTo;
    long highest = upTo;
    for (int offset = 0; ; offset += PAGE) {
      JsonNode page = ara.get("/api/v1/hosts?name=" + ExistingRecords.encode(name) + "&order=-id&limit=" + PAGE
          + "&offset=" + offset);
      boolean more = true;
      int size = 0;
      for (JsonNode host : page.path("results")) {
        size++;
        long id = host.path("id").asLong();
        if (id <= upTo) {
          more = false;
          continue;
        }
        highest = Math.max(highest, id);
        if (host.path("name").asText().equals(name)) { // ARA filters names by substring
          Holder holder = new Holder(host.path("playbook").asLong(), startOf(host.path("playbook").asLong()));
          if (holder.newerThan(state.newest)) {
            state.newest = holder;
          }
        }
      }
      if (!more || size == 0 || offset + size >= page.path("count").asLong(0)) {
        break;
      }
    }
    state.seenUpTo = highest;
    return highest;
  }

  private Instant startOf(long playbook) {
    return started.computeIfAbsent(playbook, id -> Optional.ofNullable(
        time(ara.get("/api/v1/playbooks/" + id).path("started").asText(null)))).orElse(null);
  }

  private long post(String name, long playbook) {
    return ara.post("/api/v1/hosts", ara.mapper().createObjectNode().put("name", name).put("playbook", playbook))
        .get("id").asLong();
  }

  /** The playbook of ARA's latest host {@code name}, or -1. */
  private long latestPlaybook(String name) {
    for (JsonNode latest : ara.list("/api/v1/latesthosts?name=" + ExistingRecords.encode(name))) {
      if (latest.path("name").asText().equals(name)) {
        return latest.path("host").path("playbook").path("id").asLong(-1);
      }
    }
    return -1;
  }

  /**
   * The server's latest playbook for {@code name} (the index was right when this process first met
   * the name), and the newest host id of that name, above which hosts are read after each creation.
   */
  private Known lookUp(String name) {
    Known state = new Known();
    for (JsonNode latest : ara.list("/api/v1/latesthosts?name=" + ExistingRecords.encode(name))) {
      JsonNode host = latest.path("host");
      if (latest.path("name").asText().equals(name) && host.path("playbook").isObject()) {
        JsonNode playbook = host.path("playbook");
        long id = playbook.path("id").asLong();
        Instant start = time(playbook.path("started").asText(null));
        started.putIfAbsent(id, Optional.ofNullable(start));
        state.newest = new Holder(id, start);
      }
    }
    JsonNode newestHost = ara.get("/api/v1/hosts?name=" + ExistingRecords.encode(name) + "&order=-id&limit=1")
        .path("results").path(0);
    state.seenUpTo = newestHost.path("id").asLong(0);
    return state;
  }

  private static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null; // an unreadable time never outranks a run's own
    }
  }
}
