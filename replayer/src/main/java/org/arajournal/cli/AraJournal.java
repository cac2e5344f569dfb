package org.arajournal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.arajournal.journal.Journal;
import org.arajournal.recorder.RecordCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ara-journal} command: setup, record, inspect, replay, status, prune. */
@Command(
    name = "ara-journal",
    mixinStandardHelpOptions = true,
    versionProvider = AraJournal.BuildVersion.class,
    description = "Durable recording of Ansible runs for ARA: record to a local journal, replay later.")
public final class AraJournal implements Runnable {
  /** The subcommands, in the order the usage help lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(SetupCommand.class, InspectCommand.class,
      RecordCli.class, ReplayCommand.class, StatusCommand.class, PruneCommand.class);

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
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line for {@code args}. Picocli reflects over every option of every subcommand it is
   * given, which was a third of a replay's start-up; an invocation that names a subcommand first
   * gets that one alone, any other (help, a typo) all of them.
   */
  static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new AraJournal());
    String named = args.length > 0 ? args[0] : "";
    List<Class<?>> chosen = SUBCOMMANDS.stream().filter(c -> nameOf(c).equals(named)).toList();
    for (Class<?> subcommand : chosen.isEmpty() ? SUBCOMMANDS : chosen) {
      line.addSubcommand(subcommand);
    }
    // Set after the subcommands are added: picocli gives these settings to the subcommands it has.
    ExitCodes exitCodes = new ExitCodes();
    return line.setExitCodeExceptionMapper(exitCodes).setExecutionExceptionHandler(exitCodes);
  }

  private static String nameOf(Class<?> subcommand) {
    return subcommand.getAnnotation(Command.class).name();
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
