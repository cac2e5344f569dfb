package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.UUID;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraException;
import org.arajournal.event.Payload;
import org.arajournal.event.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the run's playbook ({@code /api/v1/playbooks}), or finds the one an earlier replay made
 * so that a half-done run is completed rather than copied; names, ends and reopens it.
 */
final class PlaybookWriter {
  private static final Logger log = LoggerFactory.getLogger(PlaybookWriter.class);

  private final UUID run;
  private final AraClient ara;
  private final CallbackDialect dialect;
  private final RunReplay.Sink sink;
  private RunTarget target;
  private long id = -1;
  private String name;
  private AraStatus status = AraStatus.RUNNING;
  /** The status ARA showed for the playbook when this replay found it there, or null. */
  private AraStatus statusFound;

  PlaybookWriter(UUID run, AraClient ara, CallbackDialect dialect, RunReplay.Sink sink) {
    this.run = run;
    this.ara = ara;
    this.dialect = dialect;
    this.sink = sink;
  }

  /** The playbook the run goes into, or null before it started. */
  RunTarget target() {
    return target;
  }

  /** The ARA playbook this run became, or -1 before it was created. */
  long id() {
    return id;
  }

  /** Its status in ARA as this replay left it so far. */
  AraStatus status() {
    return status;
  }

  /** Whether ARA showed the playbook closed (not running) when this replay found it. */
  boolean foundClosed() {
    return statusFound != null && statusFound != AraStatus.RUNNING;
  }

  AraStatus statusFound() {
    return statusFound;
  }

  /** Creates the playbook, or takes the one an earlier replay of the run made; then it is {@link #target}. */
  RunTarget start(Payload.PlaybookStarted p, String time) {
    ObjectNode body = ara.mapper().createObjectNode();
    body.put("ansible_version", p.ansibleVersion());
    if (dialect.sendsClientDetails()) {
      body.put("client_version", p.clientVersion());
      body.put("python_version", p.pythonVersion());
    }
    body.set("arguments", p.arguments() == null ? ara.mapper().createObjectNode() : p.arguments());
    body.put("status", AraStatus.RUNNING.wireName());
    body.put("path", p.path());
    if (p.controller() != null || dialect.sendsClientDetails()) {
      // 1.5 refuses a null controller; its callback always sends a host name.
      body.put("controller", p.controller());
    }
    if (dialect.sendsClientDetails()) {
      body.put("user", p.user());
    }
    body.put("started", time);
    // A replay killed after creating this run's playbook left it in ARA: complete it, not a copy of it.
    // One run at a time, so that two runs with the same path and start time never take one playbook.
    boolean resumed;
    JsonNode playbook;
    synchronized (sink.playbookLock()) {
      playbook = earlierPlaybook(p.path(), time);
      resumed = playbook != null;
      if (!resumed) {
        playbook = ara.create("/api/v1/playbooks", body, () -> findOwnPlaybook(p.path(), time));
      }
      id = playbook.get("id").asLong();
      sink.playbookCreated(id);
    }
    ExistingRecords existing = ExistingRecords.none(dialect);
    if (resumed) {
      existing = ExistingRecords.load(ara, id, dialect);
      log.info("run {}: ARA already has playbook {} from an earlier replay ({}); sending only what it lacks",
          run, id, existing.summary());
    }
    statusFound = resumed ? found(playbook.path("status").asText(null)) : null;
    name = playbook.path("name").isNull() ? null : playbook.path("name").asText(null);
    target = new RunTarget(run, ara, dialect, id, p.path(), Times.parse(time), existing);
    log.debug("run {} -> ARA playbook {}", run, id);
    return target;
  }

  private static AraStatus found(String status) {
    return status == null ? null : AraStatus.named(status);
  }

  /**
   * The playbook an earlier replay made for this run: the one the state names, else one ARA holds
   * with this path and start time that the state does not give to another run (the state may have
   * missed the create, e.g. killed between the answer and the ledger write; copies of a run with
   * the same path and times, as benchmarks make, must not share one).
   */
  private JsonNode earlierPlaybook(String path, String time) {
    long known = sink.knownPlaybook();
    if (known >= 0) {
      try {
        JsonNode playbook = ara.get("/api/v1/playbooks/" + known);
        if (path.equals(playbook.path("path").asText())) {
          return playbook;
        }
      } catch (AraException e) {
        if (e.status() != 404) {
          throw e;
        }
        log.info("run {}: its playbook {} is gone from ARA; sending the run again", run, known);
      }
    }
    return findOwnPlaybook(path, time).orElse(null);
  }

  private Optional<JsonNode> findOwnPlaybook(String path, String time) {
    return ExistingRecords.findPlaybooks(ara, path, time).stream()
        .filter(playbook -> !sink.belongsToAnotherRun(playbook.get("id").asLong())).findFirst();
  }

  /** Names the playbook as a play's {@code ara_playbook_name} asks, unless it has that name. */
  void rename(String playbookName) {
    if (playbookName == null) {
      return;
    }
    String truncated = CallbackDialect.truncate(playbookName);
    if (!truncated.equals(name)) {
      JsonNode playbook = ara.patch("/api/v1/playbooks/" + id(),
          ara.mapper().createObjectNode().put("name", truncated));
      name = playbook.path("name").asText(truncated);
    }
  }

  void end(AraStatus endStatus, String time) {
    ara.patch("/api/v1/playbooks/" + id(), ara.mapper().createObjectNode().put("status", endStatus.wireName())
        .put("ended", time));
    status = endStatus;
  }

  /** Shows the playbook as running again in ARA (see {@link RunReplay}'s reopening). */
  void reopen(ObjectNode open) {
    ara.patch("/api/v1/playbooks/" + id(), open);
  }
}
