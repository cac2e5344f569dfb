package org.arajournal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.arajournal.journal.Journal;
import org.arajournal.recorder.RecordCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ara-journal} command: setup, record, inspect, replay, status, prune. */
@Command(
    name = "ara-journal",
    mixinStandardHelpOptions = true,
    versionProvider = AraJournal.BuildVersion.class,
    description = "Durable recording of Ansible runs for ARA: record to a local journal, replay later.",
    subcommands = {SetupCommand.class, InspectCommand.class, RecordCli.class, ReplayCommand.class,
        StatusCommand.class, PruneCommand.class})
public final class AraJournal implements Runnable {
  /** {@code --version}: the build's version. */
  static final class BuildVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ara-journal " + org.arajournal.Version.number()};
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Journal.disableChronicleReporting();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    ExitCodes exitCodes = new ExitCodes();
    return new CommandLine(new AraJournal()).setExitCodeExceptionMapper(exitCodes)
        .setExecutionExceptionHandler(exitCodes);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  /**
   * {@code given}, else the default journal, checked to be a journal directory.
   *
   * @throws CommandLine.ParameterException naming {@code option} and the directory when it is not
   */
  static Path journalDir(CommandLine.Model.CommandSpec spec, String option, Path given) {
    Path dir = given != null ? given : Journal.defaultDir();
    if (!Files.isRegularFile(dir.resolve("journal-id"))) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          option + " " + dir + " is not an ara-journal directory (no journal-id file in it)");
    }
    return dir;
  }

  /**
   * The journal in {@code dir}, read-only when its queue cannot be written (a copy on read-only
   * media): reading then writes nothing into it.
   */
  static Journal openForReading(Path dir) {
    Path queue = dir.resolve("queue");
    return Files.isDirectory(queue) && !Files.isWritable(queue) ? Journal.openReadOnly(dir) : Journal.open(dir);
  }

  /** The source checkout (or install) this launcher runs from, set by {@code bin/ara-journal}. */
  static Path home() {
    String home = System.getProperty("ara_journal.home");
    if (home == null) {
      throw new IllegalStateException(
          "system property ara_journal.home is not set: start ara-journal with bin/ara-journal");
    }
    return Paths.get(home);
  }
}
