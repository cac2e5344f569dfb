package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {
  @Test
  void halvesWhenTheServerIsOverloaded() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(8);
    limit.acquire();
    limit.release(true);
    assertEquals(4, limit.limit());
    limit.acquire();
    limit.release(true);
    assertEquals(2, limit.limit());
  }

  @Test
  void neverDropsBelowOne() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(1);
    limit.acquire();
    limit.release(true);
    assertEquals(1, limit.limit());
  }

  @Test
  void growsBackOneStepAfterARunOfSuccessesUpToItsMaximum() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(4);
    limit.acquire();
    limit.release(true);
    assertEquals(2, limit.limit());
    for (int i = 0; i < 8; i++) {
      limit.acquire();
      limit.release(false);
    }
    assertEquals(3, limit.limit());
    for (int i = 0; i < 100; i++) {
      limit.acquire();
      limit.release(false);
    }
    assertEquals(4, limit.limit());
  }
}
