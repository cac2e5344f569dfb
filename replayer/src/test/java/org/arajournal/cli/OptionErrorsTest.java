package org.arajournal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.arajournal.ara.AraException;
import org.arajournal.ara.ConnectionMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the commands answer options they cannot use, and which exit code each failure gets. */
class OptionErrorsTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = AraJournal.commandLine(args);
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void anUnknownConnectionModeIsAUsageErrorListingTheModes() {
    assertEquals(2, run("replay", "--connection", "fast"));
    assertTrue(err.toString().contains("--connection") && err.toString().contains("auto, keep-alive, close"),
        err.toString());
  }

  @Test
  void connectionModesAreSpelledInLowerCaseWithDashes() {
    Converters.ConnectionModeConverter converter = new Converters.ConnectionModeConverter();
    assertEquals(ConnectionMode.KEEP_ALIVE, converter.convert("keep-alive"));
    assertEquals(ConnectionMode.AUTO, converter.convert("auto"));
    assertEquals(ConnectionMode.CLOSE, converter.convert("close"));
  }

  @Test
  void aDurationThatIsNotOneIsAUsageErrorWithTheExpectedForm() {
    assertEquals(2, run("prune", "--older-than", "soon"));
    assertTrue(err.toString().contains("--older-than") && err.toString().contains("e.g. 90s"), err.toString());
  }

  @Test
  void eachReportedFailureHasItsDocumentedExitCode() {
    ExitCodes codes = new ExitCodes();
    assertEquals(2, codes.getExitCode(new IllegalArgumentException("ARA_API_CA x cannot be read")));
    assertEquals(3, codes.getExitCode(new AraException(AraException.Problem.UNREACHABLE, "down")));
    assertEquals(1, codes.getExitCode(new IllegalStateException("a bug")));
    assertEquals(2, run("replay", "--no-such-option"));
  }
}
