package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AraSettingsResolverTest {
  @Test
  void defaultsToAraCallbackDefaults() {
    AraSettings settings = new AraSettingsResolver(Map.of(), AnsibleConfig.none()).resolve(AraSettingsResolver.Flags.NONE);
    assertEquals("http://127.0.0.1:8000/", settings.server().toString());
    assertEquals(Duration.ofSeconds(30), settings.timeout());
  }

  @Test
  void environmentOverridesAnsibleCfgAndFlagsOverrideEnvironment(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("ansible.cfg");
    Files.writeString(cfg, "[defaults]\napi_server = http://wrong\n[ara]\napi_server = http://from-ini:8000\n"
        + "api_timeout = 12\napi_username = ini-user\napi_password = ini-pw\n");
    AnsibleConfig config = AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", cfg.toString()), dir, dir);
    AraSettingsResolver resolver = new AraSettingsResolver(Map.of("ARA_API_TIMEOUT", "7"), config);

    AraSettings fromFiles = resolver.resolve(AraSettingsResolver.Flags.NONE);
    assertEquals("from-ini", fromFiles.server().host());
    assertEquals(Duration.ofSeconds(7), fromFiles.timeout());
    assertEquals("ini-user", fromFiles.username());

    AraSettings flagged = resolver.resolve(
        new AraSettingsResolver.Flags("http://from-flag:9000", null, null, 3, null, null, null, true));
    assertEquals("from-flag", flagged.server().host());
    assertEquals(Duration.ofSeconds(3), flagged.timeout());
    assertTrue(flagged.insecure());
  }

  @Test
  void readsTheCurrentDirectorysAnsibleCfgBeforeTheHomeOne(@TempDir Path dir) throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("cwd"));
    Path home = Files.createDirectory(dir.resolve("home"));
    Files.writeString(cwd.resolve("ansible.cfg"), "[ara]\napi_server: http://here:1\n");
    Files.writeString(home.resolve(".ansible.cfg"), "[ara]\napi_server=http://home:2\n");
    assertEquals("here", new AraSettingsResolver(Map.of(), AnsibleConfig.find(Map.of(), cwd, home))
        .resolve(AraSettingsResolver.Flags.NONE).server().host());
  }
}
