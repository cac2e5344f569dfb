package org.arajournal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which subcommands the command line is built with, and that help still names them all. */
class CommandLineTest {
  private static final List<String> ALL = List.of("setup", "inspect", "record", "replay", "status", "prune");

  @Test
  void anInvocationNamingASubcommandBuildsThatSubcommandAlone() {
    assertEquals(List.of("replay"),
        List.copyOf(AraJournal.commandLine("replay", "--from", "x").getSubcommands().keySet()));
  }

  @Test
  void anInvocationNamingNoSubcommandBuildsThemAllInHelpOrder() {
    assertEquals(ALL, List.copyOf(AraJournal.commandLine("--help").getSubcommands().keySet()));
    assertEquals(ALL, List.copyOf(AraJournal.commandLine().getSubcommands().keySet()));
  }

  @Test
  void aMistypedSubcommandIsAUsageErrorThatSuggestsTheRightOne() {
    StringWriter err = new StringWriter();
    CommandLine line = AraJournal.commandLine("replya");
    line.setErr(new PrintWriter(err, true));
    assertEquals(2, line.execute("replya"));
    assertTrue(err.toString().contains("replay"), err.toString());
  }

  @Test
  void aSubcommandBuiltAloneKeepsItsFullNameInUsageAndItsExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine line = AraJournal.commandLine("status", "--help");
    line.setOut(new PrintWriter(out, true));
    assertEquals(0, line.execute("status", "--help"));
    assertTrue(out.toString().contains("Usage: ara-journal status"), out.toString());
  }
}
