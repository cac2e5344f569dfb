package org.arajournal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints what Ansible needs to record into ara-journal, like {@code python3 -m ara.setup.*}. */
@Command(
    name = "setup",
    description = "Print the settings that enable recording.",
    subcommands = {SetupCommand.CallbackPlugins.class, SetupCommand.Env.class})
final class SetupCommand {

  static Path pluginDir() {
    return AraJournal.home().resolve("recorder/src/main/python/callback_plugins").toAbsolutePath();
  }

  /** ara-journal's offline {@code ara_record}, which must come before ARA's own (live) one. */
  static Path actionPluginDir() {
    return AraJournal.home().resolve("recorder/src/main/python/action_plugins").toAbsolutePath();
  }

  @Command(name = "callback-plugins", description = "Print the directory holding the ara_journal callback plugin.")
  static final class CallbackPlugins implements Runnable {
    @Override
    public void run() {
      System.out.println(pluginDir());
    }
  }

  @Command(name = "env", description = "Print the export lines that make ansible-playbook record into the journal.")
  static final class Env implements Runnable {
    @Option(names = "--journal", description = "Journal directory (default: $ARA_JOURNAL_DIR or ~/.ara/journal).")
    Path journal;

    @Override
    public void run() {
      Path dir = journal != null ? journal : AraJournal.defaultJournal();
      System.out.println("export ANSIBLE_CALLBACK_PLUGINS=" + shellQuote(pluginDir().toString()));
      System.out.println("export ANSIBLE_ACTION_PLUGINS=" + shellQuote(actionPluginDir().toString())
          + "${ANSIBLE_ACTION_PLUGINS:+:$ANSIBLE_ACTION_PLUGINS}");
      System.out.println("export ARA_JOURNAL_DIR=" + shellQuote(dir.toAbsolutePath().toString()));
    }
  }

  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
