package org.arajournal.checkpoint;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One replay per journal and server, across processes; a dead holder never blocks the next. */
class ReplayLockTest {
  @TempDir Path dir;

  @Test
  void aSecondProcessCannotTakeTheLockAndIsToldWhoHoldsIt() throws Exception {
    Path file = dir.resolve("replay.lock");
    Process other = LockHolder.start(file);
    try {
      ReplayLock.HeldElsewhere e = assertThrows(ReplayLock.HeldElsewhere.class, () -> ReplayLock.take(file));
      assertEquals(other.pid(), e.holder().pid());
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  @Test
  void theLockIsFreeAsSoonAsItsHolderIsKilled() throws Exception {
    Path file = dir.resolve("replay.lock");
    Process other = LockHolder.start(file);
    other.destroyForcibly().waitFor();

    try (ReplayLock mine = ReplayLock.take(file)) {
      // taken at once: the OS dropped the dead holder's lock, nothing stale is left
    }
  }

  @Test
  void aProbeNamesTheHolderWithoutTakingTheLock() throws Exception {
    Path file = dir.resolve("replay.lock");
    assertEquals(Optional.empty(), ReplayLock.holder(file), "no lock file: nobody replays");
    Process other = LockHolder.start(file);
    try {
      assertEquals(other.pid(), ReplayLock.holder(file).orElseThrow().pid());
      assertEquals(other.pid(), ReplayLock.holder(file).orElseThrow().pid(), "probing did not take it");
    } finally {
      other.destroyForcibly().waitFor();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> ReplayLock.holder(file).isEmpty());
  }

  @Test
  void aReplayOfTheSameJournalIntoTheSameServerIsRefusedNamingTheOther() throws Exception {
    HttpUrl server = HttpUrl.get("http://127.0.0.1:8000/");
    Path state = dir.resolve("state");
    Path lock;
    try (TargetState first = TargetState.openForReplay(state, "journal-1", server)) {
      lock = first.dir().resolve(TargetState.LOCK);
    }
    Process other = LockHolder.start(lock);
    try {
      TargetState.AlreadyReplaying e = assertThrows(TargetState.AlreadyReplaying.class,
          () -> TargetState.openForReplay(state, "journal-1", server));
      assertTrue(e.getMessage().contains("pid " + other.pid()), e.getMessage());
      assertTrue(e.getMessage().contains(state.toString()), e.getMessage());
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  @Test
  void aCopyReplayedWithAnotherStateIntoTheSameServerIsRefusedToo() throws Exception {
    HttpUrl server = HttpUrl.get("http://127.0.0.1:8001/");
    try (TargetState original = TargetState.openForReplay(dir.resolve("state-a"), "journal-2", server)) {
      // in this process the per-user lock is held by `original`: a second take fails as in another process
      assertThrows(TargetState.AlreadyReplaying.class,
          () -> TargetState.openForReplay(dir.resolve("state-b"), "journal-2", server));
    }
  }

  @Test
  void otherServersAndOtherJournalsReplayAtTheSameTime() throws Exception {
    Path state = dir.resolve("state");
    try (TargetState a = TargetState.openForReplay(state, "journal-3", HttpUrl.get("http://127.0.0.1:8002/"));
        TargetState b = TargetState.openForReplay(state, "journal-3", HttpUrl.get("http://127.0.0.1:8003/"));
        TargetState c = TargetState.openForReplay(state, "journal-4", HttpUrl.get("http://127.0.0.1:8002/"))) {
      assertTrue(a.dir() != null && b.dir() != null && c.dir() != null);
    }
  }
}
