package org.arajournal.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  private static final HttpUrl A = HttpUrl.get("http://127.0.0.1:8000/");
  private static final HttpUrl B = HttpUrl.get("http://127.0.0.1:9000/");

  @Test
  void remembersDeliveredRunsPerServerAcrossReplays(@TempDir Path journal) {
    UUID run = UUID.randomUUID();
    Ledger.open(journal, A).record(run, 12, A);
    assertTrue(Ledger.open(journal, A).delivered(run));
    assertFalse(Ledger.open(journal, B).delivered(run), "another server has not seen it");
  }
}
