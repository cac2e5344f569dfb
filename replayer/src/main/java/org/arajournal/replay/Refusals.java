package org.arajournal.replay;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.arajournal.ara.AraException;
import org.arajournal.checkpoint.DeadLetter;
import org.arajournal.event.Event;
import org.arajournal.event.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one run the server refused, kept as dead letters, and the records they would have
 * made: an event that refers to one of those is refused without being sent ({@link DependsOnRefused}).
 * Written from the run's thread and from workers.
 */
final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  private final UUID run;
  private final Consumer<DeadLetter> letters;
  /** Refused plays and tasks by uuid, with the seq of the refused event at the root of each. */
  private final Map<String, Long> refusedParents = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();
  private volatile long refusedPlaybookSeq = -1;

  Refusals(UUID run, Consumer<DeadLetter> letters) {
    this.run = run;
    this.letters = letters;
  }

  /**
   * Whether {@code e} says the server will never take this request as it is (a 4xx other than those
   * the transport retries or stops on): the event becomes a dead letter and the replay goes on.
   */
  static boolean isRefusal(AraException e) {
    return e.problem() == AraException.Problem.HTTP && e.status() >= 400 && e.status() < 500;
  }

  /** Records {@code event} as a dead letter; what it would have created is refused too, for its dependents. */
  void refuse(Event event, int httpStatus, String reason, long rootSeq) {
    Payload payload = event.payload();
    if (payload instanceof Payload.PlaybookStarted) {
      refusedPlaybookSeq = rootSeq;
    } else if (payload instanceof Payload.PlayStarted p) {
      refusedParents.put(p.uuid(), rootSeq);
    } else if (payload instanceof Payload.TaskStarted t) {
      refusedParents.put(t.uuid(), rootSeq);
    }
    deadLetter(event.seq(), event.type(), httpStatus, reason);
  }

  /** Keeps event {@code seq} as a dead letter: {@code httpStatus} 0 when the server never saw it. */
  void deadLetter(long seq, String type, int httpStatus, String reason) {
    count.incrementAndGet();
    if (httpStatus > 0) {
      log.warn("run {}: the server refused event {} ({}): {}; kept as a dead letter (`ara-journal status` lists"
          + " them, `replay --retry-dead-letters` tries them again)", run, seq, type, reason);
    } else {
      log.debug("run {}: event {} ({}) {}; kept as a dead letter", run, seq, type, reason);
    }
    letters.accept(new DeadLetter(run, seq, type, httpStatus, reason, Instant.now()));
  }

  /** Fails with {@link DependsOnRefused} when the run's playbook was refused: nothing of the run can be sent. */
  void requirePlaybook() {
    if (refusedPlaybookSeq > 0) {
      throw new DependsOnRefused(refusedPlaybookSeq);
    }
  }

  /** Fails with {@link DependsOnRefused} when the play or task {@code uuid} names was refused. */
  void requireAccepted(String uuid) {
    Long seq = uuid == null ? null : refusedParents.get(uuid);
    if (seq != null) {
      throw new DependsOnRefused(seq);
    }
  }

  /**
   * Runs {@code job} for event {@code seq}; a refusal becomes that event's dead letter, and the job
   * fails with {@link DependsOnRefused} for whatever waits on it.
   */
  <T> T deadLetterIfRefused(long seq, String what, Supplier<T> job) {
    try {
      return job.get();
    } catch (AraException e) {
      if (!isRefusal(e)) {
        throw e;
      }
      deadLetter(seq, what, e.status(), e.getMessage());
      throw new DependsOnRefused(seq);
    }
  }

  /** Dead letters kept so far. */
  long count() {
    return count.get();
  }
}
