package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.arajournal.event.Payload;

/** Creates the run's plays ({@code /api/v1/plays}) and ends each after its tasks' ends. */
final class PlayWriter {
  private static final class PlayState {
    final long id;
    boolean open = true;

    PlayState(long id) {
      this.id = id;
    }
  }

  private final RunTarget target;
  private final PendingJobs jobs;
  private final Map<String, PlayState> plays = new HashMap<>();
  private String openPlay;

  PlayWriter(RunTarget target, PendingJobs jobs) {
    this.target = target;
    this.jobs = jobs;
  }

  void start(Payload.PlayStarted p, String time) {
    ObjectNode body = target.object()
        .put("name", CallbackDialect.truncate(p.name()))
        .put("status", AraStatus.RUNNING.wireName())
        .put("uuid", p.uuid())
        .put("playbook", target.playbookId())
        .put("started", time);
    JsonNode play = target.existing().play(p.uuid()).orElseGet(() -> target.ara().create("/api/v1/plays", body,
        () -> ExistingRecords.findPlay(target.ara(), target.playbookId(), p.uuid())));
    plays.put(p.uuid(), new PlayState(play.get("id").asLong()));
    openPlay = p.uuid();
  }

  /** Whether play {@code uuid} started and has not ended. */
  boolean isOpen(String uuid) {
    PlayState play = plays.get(uuid);
    return play != null && play.open;
  }

  /** The play started and not ended, or null. */
  String openPlay() {
    return openPlay;
  }

  /** The ARA id of play {@code uuid}, or -1 when it never started in the journal. */
  long idOf(String uuid) {
    PlayState play = plays.get(uuid);
    return play == null ? -1 : play.id;
  }

  /** Ends play {@code uuid}, which must be open, once {@code taskEnds} (its tasks' ends) are done. */
  void end(String uuid, AraStatus status, String time, List<CompletableFuture<?>> taskEnds) {
    PlayState play = plays.get(uuid);
    play.open = false;
    if (uuid.equals(openPlay)) {
      openPlay = null;
    }
    jobs.after(taskEnds, "play end", () -> target.ara().patch("/api/v1/plays/" + play.id,
        target.object().put("status", status.wireName()).put("ended", time)));
  }

  /** Shows the open play as running again in ARA (see {@link RunReplay}'s reopening). */
  void reopen(ObjectNode open) {
    if (openPlay != null) {
      target.ara().patch("/api/v1/plays/" + plays.get(openPlay).id, open);
    }
  }
}
