package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arajournal.ara.AraClient;
import org.arajournal.event.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates hosts so that ARA's latest-host index ends on each host's most recently started playbook,
 * whatever order the runs are replayed in, also while other replays feed the same server.
 *
 * <p>ARA points a host name at whichever playbook created (or got) a host of that name last. Its
 * callback records runs as they happen, so that is the newest run; a replay creates hosts in the
 * order its workers reach them, a journal copied from an air-gapped controller may be older than
 * what the server holds, and other replays create hosts of the same names meanwhile. So a host name
 * is looked up once per process, a run's host is followed by the newest known playbook's host when
 * that one is newer, and when a run is done ({@link #settle}) the hosts created on the server since
 * this process last looked are read; for each name the run posted, while ARA's index is not on the
 * newest playbook holding it, that playbook's host is posted again (ARA gets or creates hosts, so
 * that only moves the index). Every post is followed by such a check by the process that made it,
 * so whichever process posts last checks last, and the index ends right. Before a check that may
 * post another playbook's host, the process asks the server which playbooks hold the name and
 * started later than the newest it knows ({@link #learnNewerHolders}): the index it first read may
 * have been moved back for a moment by another replay.
 */
final class LatestHosts {
  private static final Logger log = LoggerFactory.getLogger(LatestHosts.class);
  /** Lock stripes: a host name's creations are serialized, different names mostly are not. */
  private static final int STRIPES = 64;
  private static final int PAGE = 500;
  /** Rounds of check and repost against other processes before giving up on one name. */
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

  /** What this process knows of one host name: its newest holder, and its own last post of it. */
  private static final class Known {
    Holder newest;
    /** The highest host id this process's posts of the name were answered with. */
    long lastPosted = -1;
    long lastPostedPlaybook = -1;
    /** A host of this name was created on the server after {@link #lastPosted}. */
    boolean overtaken;

    /** Takes {@code holder} as the newest holder if it is newer than the one known. */
    synchronized void offer(Holder holder) {
      if (holder.newerThan(newest)) {
        newest = holder;
      }
    }
  }

  private final AraClient ara;
  private final Object[] locks = new Object[STRIPES];
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  /** Start times of playbooks, which never change: this process's own and others' it met. */
  private final Map<Long, Optional<Instant>> started = new ConcurrentHashMap<>();
  /** Per playbook, the host names it posted and has not settled yet. */
  private final Map<Long, Set<String>> unsettled = new ConcurrentHashMap<>();
  private final Object reading = new Object();
  /** The highest host id read from the server (-1: not looked yet); guarded by {@link #reading}. */
  private long seenUpTo = -1;

  LatestHosts(AraClient ara) {
    this.ara = ara;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** Gets or creates host {@code name} of {@code playbook} (started at {@code started}); returns its id. */
  long create(String name, long playbook, Instant playbookStarted) {
    started.putIfAbsent(playbook, Optional.ofNullable(playbookStarted));
    baseline();
    synchronized (lock(name)) {
      Known state = known.get(name); // the stripe's lock, not the map's, covers the lookup
      if (state == null) {
        state = lookUp(name);
        known.put(name, state);
      }
      Holder mine = new Holder(playbook, playbookStarted);
      long id = post(name, playbook, state);
      long newer = -1;
      synchronized (state) {
        if (mine.newerThan(state.newest)) {
          state.newest = mine;
        } else if (state.newest.playbook() != playbook) {
          newer = state.newest.playbook();
        }
      }
      if (newer >= 0) {
        post(name, newer, state);
        log.debug("host {}: playbook {} started after playbook {}; ARA's latest host stays with it", name, newer,
            playbook);
      }
      unsettled.computeIfAbsent(playbook, p -> ConcurrentHashMap.newKeySet()).add(name);
      return id;
    }
  }

  /**
   * Once {@code playbook}'s hosts are all posted: reads the hosts created on the server since this
   * process last looked, and puts ARA's index of each name the playbook posted on its newest holder.
   */
  void settle(long playbook) {
    Set<String> names = unsettled.remove(playbook);
    if (names == null || names.isEmpty()) {
      return;
    }
    readNewHosts();
    for (String name : names) {
      synchronized (lock(name)) {
        settle(name, known.get(name));
      }
    }
  }

  private void settle(String name, Known state) {
    boolean learned = false;
    for (int round = 0; round < ROUNDS; round++) {
      long newest;
      boolean posted;
      boolean overtaken;
      synchronized (state) {
        newest = state.newest.playbook();
        posted = state.lastPostedPlaybook == newest;
        overtaken = state.overtaken;
      }
      // The last post moved the index to the newest holder and no host of that name came after it:
      // right. A later post by another process is followed by that process's own check.
      if (posted && !overtaken) {
        return;
      }
      if (!learned) {
        learned = true;
        learnNewerHolders(name, state);
        continue;
      }
      if (posted && latestPlaybook(name) == newest) {
        return;
      }
      log.debug("host {}: ARA's latest is not on playbook {}, the newest holding it; posting that one again", name,
          newest);
      post(name, newest, state);
      readNewHosts();
    }
    log.warn("host {}: other replays kept moving ARA's latest host; left on playbook {}", name,
        latestPlaybook(name));
  }

  /**
   * Folds in every playbook holding {@code name} that started after the newest one this process
   * knows. What it knows is the index when it first met the name and the hosts created since; that
   * index may just then have been moved back by another replay's post, hiding a newer holder created
   * before this process looked, and a post made on such knowledge would move the index back for good.
   * The hosts of the name say which playbooks hold it, the playbooks started since say which are newer.
   */
  private void learnNewerHolders(String name, Known state) {
    Holder newest;
    synchronized (state) {
      newest = state.newest;
    }
    Set<Long> holders = new HashSet<>();
    for (JsonNode host : ara.list("/api/v1/hosts?name=" + ExistingRecords.encode(name))) {
      if (host.path("name").asText().equals(name)) {
        holders.add(host.path("playbook").asLong());
      }
    }
    String since = newest.started() == null ? ""
        : "&started_after=" + ExistingRecords.encode(Times.format(newest.started()));
    for (JsonNode playbook : ara.list("/api/v1/playbooks?order=-started" + since)) {
      long id = playbook.path("id").asLong();
      if (holders.contains(id)) {
        Instant start = time(playbook.path("started").asText(null));
        started.putIfAbsent(id, Optional.ofNullable(start));
        state.offer(new Holder(id, start));
      }
    }
  }

  /** Reads every host created on the server since this process last looked, newest id first. */
  private void readNewHosts() {
    synchronized (reading) {
      long upTo = seenUpTo;
      long highest = upTo;
      for (int offset = 0; ; offset += PAGE) {
        JsonNode page = ara.get("/api/v1/hosts?order=-id&limit=" + PAGE + "&offset=" + offset);
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
          noteHost(host.path("name").asText(), id, host.path("playbook").asLong());
        }
        if (!more || size == 0 || offset + size >= page.path("count").asLong(0)) {
          break;
        }
      }
      seenUpTo = highest;
    }
  }

  /** A host the server holds: whether it is a newer holder of a name this process posts, or came after its post. */
  private void noteHost(String name, long id, long playbook) {
    if (!known.containsKey(name)) {
      return; // a name this process never posts: no concern of its
    }
    Holder holder = new Holder(playbook, startOf(playbook));
    Known state = known.get(name);
    synchronized (state) { // not the name's stripe: a thread holding that may be waiting to read hosts
      state.offer(holder);
      if (id > state.lastPosted) {
        state.overtaken = true;
      }
    }
  }

  /** The highest host id on the server when this process first creates one: hosts up to it are in ARA's index. */
  private void baseline() {
    synchronized (reading) {
      if (seenUpTo < 0) {
        seenUpTo = ara.get("/api/v1/hosts?order=-id&limit=1").path("results").path(0).path("id").asLong(0);
      }
    }
  }

  private Object lock(String name) {
    return locks[Math.floorMod(name.hashCode(), STRIPES)];
  }

  private Instant startOf(long playbook) {
    return started.computeIfAbsent(playbook, id -> Optional.ofNullable(
        time(ara.get("/api/v1/playbooks/" + id).path("started").asText(null)))).orElse(null);
  }

  private long post(String name, long playbook, Known state) {
    long id = ara.post("/api/v1/hosts", ara.mapper().createObjectNode().put("name", name).put("playbook", playbook))
        .get("id").asLong();
    synchronized (state) {
      // ARA gets or creates: posting a playbook's host again answers with its old id, and every id
      // this process was answered with existed before this post
      state.lastPosted = Math.max(state.lastPosted, id);
      state.lastPostedPlaybook = playbook;
      state.overtaken = false;
    }
    return id;
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

  /** The server's latest playbook for {@code name} when this process first meets the name (the index was right then). */
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
