package org.arajournal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.arajournal.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints what Ansible needs to record into ara-journal, like {@code python3 -m ara.setup.*}. */
@Command(
    name = "setup",
    description = "Print the settings that enable recording.",
    subcommands = {SetupCommand.CallbackPlugins.class, SetupCommand.ActionPlugins.class, SetupCommand.Env.class})
final class SetupCommand {

  /**
   * The directory holding callback_plugins/ and action_plugins/: recorder/src/main/python in a
   * source checkout, the installed tree itself (/usr/share/ara-journal) otherwise.
   */
  static Path pluginRoot(Path home) {
    Path checkout = home.resolve("recorder/src/main/python");
    return (Files.isDirectory(checkout) ? checkout : home).toAbsolutePath();
  }

  static Path callbackPluginDir() {
    return pluginRoot(AraJournal.home()).resolve("callback_plugins");
  }

  static Path actionPluginDir() {
    return pluginRoot(AraJournal.home()).resolve("action_plugins");
  }

  @Command(name = "callback-plugins", description = "Print the directory holding the ara_journal callback plugin.")
  static final class CallbackPlugins implements Runnable {
    @Override
    public void run() {
      System.out.println(callbackPluginDir());
    }
  }

  @Command(name = "action-plugins", description = "Print the directory holding ara-journal's action plugins (ara_record).")
  static final class ActionPlugins implements Runnable {
    @Override
    public void run() {
      System.out.println(actionPluginDir());
    }
  }

  @Command(name = "env", description = "Print the export lines that make ansible-playbook record into the journal.")
  static final class Env implements Runnable {
    @Option(names = "--journal", description = "Journal directory (default: $ARA_JOURNAL_DIR or ~/.ara/journal).")
    Path journal;

    @Override
    public void run() {
      Path dir = journal != null ? journal : Journal.defaultDir();
      System.out.print(lines(callbackPluginDir(), actionPluginDir(), dir.toAbsolutePath()));
    }
  }

  /**
   * The export lines. Callbacks replace the path, as ARA's own setup does: one left on it (ARA's
   * own) would record every run a second time. Action plugins go ahead of those already set, which
   * stay usable: the first {@code ara_record} on the path wins, and ARA's own must not. That value
   * is expanded by the shell that evaluates the lines, not the one that printed them.
   */
  static String lines(Path callbacks, Path actions, Path journal) {
    return "export ANSIBLE_CALLBACK_PLUGINS=" + shellQuote(callbacks.toString()) + "\n"
        + "export ANSIBLE_ACTION_PLUGINS=" + shellQuote(actions.toString())
        + "${ANSIBLE_ACTION_PLUGINS:+:$ANSIBLE_ACTION_PLUGINS}\n"
        + "export ARA_JOURNAL_DIR=" + shellQuote(journal.toString()) + "\n";
  }

  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
