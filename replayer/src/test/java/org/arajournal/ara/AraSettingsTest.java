package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class AraSettingsTest {
  @Test
  void neverShowsThePassword() {
    AraSettings settings = new AraSettings(HttpUrl.get("http://127.0.0.1:8000"), "alice", "s3cret-pw",
        Duration.ofSeconds(30), null, null, null, false);
    assertFalse(settings.toString().contains("s3cret-pw"), settings.toString());
  }

  @Test
  void refusesCredentialsInTheUrlWithoutEchoingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AraSettings(
        HttpUrl.get("http://alice:s3cret-pw@127.0.0.1:8000"), null, null, Duration.ofSeconds(30), null, null, null, false));
    assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
    assertTrue(e.getMessage().contains("ARA_API_USERNAME"), e.getMessage());
  }

  @Test
  void needsTheKeyOfAClientCertificate() {
    assertThrows(IllegalArgumentException.class, () -> new AraSettings(HttpUrl.get("https://ara.example"), null, null,
        Duration.ofSeconds(30), null, java.nio.file.Path.of("cert.pem"), null, false));
  }
}
