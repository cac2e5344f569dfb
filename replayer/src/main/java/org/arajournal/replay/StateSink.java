package org.arajournal.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.arajournal.checkpoint.DeadLetter;
import org.arajournal.checkpoint.RunState;
import org.arajournal.checkpoint.TargetState;

/** Keeps what one run's replay must outlive in the replay state of its server: the ledger and dead letters. */
final class StateSink implements RunReplay.Sink {
  private final TargetState state;
  private final UUID run;
  private final Object playbookLock;

  StateSink(TargetState state, UUID run, Object playbookLock) {
    this.state = state;
    this.run = run;
    this.playbookLock = playbookLock;
  }

  @Override
  public long knownPlaybook() {
    return state.ledger().state(run).map(RunState::playbookId).orElse(-1L);
  }

  @Override
  public boolean belongsToAnotherRun(long playbookId) {
    return state.ledger().runOf(playbookId).filter(other -> !other.equals(run)).isPresent();
  }

  @Override
  public Object playbookLock() {
    return playbookLock;
  }

  @Override
  public void playbookCreated(long playbookId) {
    note(new RunState(run, RunState.Stage.STARTED, playbookId, 0));
  }

  @Override
  public void refused(DeadLetter letter) {
    state.deadLetters().add(letter);
  }

  /** Checkpoints where the run stands; a replay that cannot keep its state stops rather than forget it. */
  void note(RunState runState) {
    try {
      state.ledger().note(runState);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the replay ledger " + state.ledger().file() + " ("
          + e.getMessage() + "); make it writable or choose another place with --state DIR", e);
    }
  }
}
