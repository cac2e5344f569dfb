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
 * whatever order the runs are replayed in.
 *
 * <p>ARA points a host name at whichever playbook created a host of that name last. Its callback
 * records runs as they happen, so that is the newest run; a replay creates hosts in the order its
 * workers reach them, and a journal copied from an air-gapped controller may be older than what the
 * server already holds. So before a host name is first created here, the server's latest playbook
 * for it is looked up, and after each creation by an older playbook the newer one's host is
 * created again (ARA gets or creates hosts, so that only moves the index back).
 */
final class LatestHosts {
  private static final Logger log = LoggerFactory.getLogger(LatestHosts.class);
  /** Lock stripes: a host name's creations are serialized, different names mostly are not. */
  private static final int STRIPES = 64;

  /** A playbook that holds a host of some name, and when it started. */
  private record Holder(long playbook, Instant started) {
    boolean newerThan(Instant other) {
      return started != null && other != null && started.isAfter(other);
    }
  }

  private final AraClient ara;
  private final Object[] locks = new Object[STRIPES];
  /** Per host name, the newest playbook known to hold it (empty: none on the server). */
  private final Map<String, Optional<Holder>> newest = new ConcurrentHashMap<>();

  LatestHosts(AraClient ara) {
    this.ara = ara;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** Gets or creates host {@code name} of {@code playbook} (started at {@code started}); returns its id. */
  long create(String name, long playbook, Instant started) {
    synchronized (locks[Math.floorMod(name.hashCode(), STRIPES)]) {
      Optional<Holder> before = newest.get(name); // the stripe's lock, not the map's, covers the lookup
      if (before == null) {
        before = lookUp(name);
        newest.put(name, before); // one lookup per name, also when this run turns out the older
      }
      long id = post(name, playbook);
      Holder mine = new Holder(playbook, started);
      if (before.isPresent() && before.get().playbook() != playbook && before.get().newerThan(started)) {
        post(name, before.get().playbook());
        log.debug("host {}: playbook {} started after playbook {}; ARA's latest host stays with it", name,
            before.get().playbook(), playbook);
      } else {
        newest.put(name, Optional.of(mine));
      }
      return id;
    }
  }

  private long post(String name, long playbook) {
    return ara.post("/api/v1/hosts", ara.mapper().createObjectNode().put("name", name).put("playbook", playbook))
        .get("id").asLong();
  }

  /** The server's latest playbook for {@code name}; ARA filters names by substring, so match exactly here. */
  private Optional<Holder> lookUp(String name) {
    for (JsonNode latest : ara.list("/api/v1/latesthosts?name=" + ExistingRecords.encode(name))) {
      JsonNode host = latest.path("host");
      if (latest.path("name").asText().equals(name) && host.path("playbook").isObject()) {
        JsonNode playbook = host.path("playbook");
        return Optional.of(new Holder(playbook.path("id").asLong(), time(playbook.path("started").asText(null))));
      }
    }
    return Optional.empty();
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
