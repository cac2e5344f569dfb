package org.arajournal.recorder;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.arajournal.journal.Journal;
import picocli.CommandLine;

/**
 * The entry point {@code bin/ara-journal record} uses: the plain forms the callback runs go straight
 * to the recorder, everything else (help, a mistyped option) to {@link RecordCli}'s picocli parser.
 *
 * <p>A recorder starts with every playbook, on cores Ansible keeps busy. picocli's classes are
 * compiled for Java 5, too old for class-data sharing, so loading and verifying them was about a
 * fifth of the recorder's start-up CPU (measured 1.0 -> 0.8 s) for one option.
 */
public final class RecordMain {
  private RecordMain() {}

  public static void main(String[] args) throws Exception {
    Optional<Path> journal = plainRecord(args);
    // Before any Chronicle class loads: no process of ours may contact an outside host.
    Journal.disableChronicleReporting();
    if (journal.isEmpty()) {
      String[] options = args.length > 0 && args[0].equals("record") ? Arrays.copyOfRange(args, 1, args.length) : args;
      System.exit(new CommandLine(new RecordCli()).setCommandName("ara-journal record").execute(options));
    }
    System.exit(new RecordCommand(journal.get()).run());
  }

  /** The journal of {@code record}, {@code record --journal DIR} or {@code record --journal=DIR}; empty for anything else. */
  static Optional<Path> plainRecord(String[] args) {
    if (args.length == 0 || !args[0].equals("record")) {
      return Optional.empty();
    }
    if (args.length == 1) {
      return Optional.of(Journal.defaultDir());
    }
    if (args.length == 2 && args[1].startsWith("--journal=") && args[1].length() > "--journal=".length()) {
      return Optional.of(Path.of(args[1].substring("--journal=".length())));
    }
    if (args.length == 3 && args[1].equals("--journal") && !args[2].isEmpty()) {
      return Optional.of(Path.of(args[2]));
    }
    return Optional.empty();
  }
}
