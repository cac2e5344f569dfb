package org.arajournal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupCommandTest {
  @Test
  void pluginsAreFoundInACheckoutAndInAnInstalledTree(@TempDir Path tmp) throws IOException {
    Path checkout = tmp.resolve("checkout");
    Files.createDirectories(checkout.resolve("recorder/src/main/python/callback_plugins"));
    assertEquals(checkout.resolve("recorder/src/main/python"), SetupCommand.pluginRoot(checkout));

    Path installed = tmp.resolve("usr/share/ara-journal");
    Files.createDirectories(installed.resolve("callback_plugins"));
    assertEquals(installed, SetupCommand.pluginRoot(installed));
  }

  @Test
  void actionPluginsGoAheadOfTheUsersWhenTheLinesAreEvaluated() throws Exception {
    String lines = SetupCommand.lines(Path.of("/p/callback_plugins"), Path.of("/p d/action_plugins"), Path.of("/j"));
    String script = lines + "printf '%s|%s|%s' \"$ANSIBLE_CALLBACK_PLUGINS\" \"$ANSIBLE_ACTION_PLUGINS\" \"$ARA_JOURNAL_DIR\"";
    assertEquals("/p/callback_plugins|/p d/action_plugins|/j", bash(script, null));
    assertEquals("/p/callback_plugins|/p d/action_plugins:/mine:/ara|/j", bash(script, "/mine:/ara"));
  }

  private static String bash(String script, String actionPlugins) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    pb.environment().remove("ANSIBLE_ACTION_PLUGINS");
    if (actionPlugins != null) {
      pb.environment().put("ANSIBLE_ACTION_PLUGINS", actionPlugins);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
