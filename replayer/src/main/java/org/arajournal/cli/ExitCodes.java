package org.arajournal.cli;

import org.arajournal.ara.AraException;
import org.arajournal.checkpoint.TargetState;
import picocli.CommandLine;

/**
 * The exit code of each failure a command reports (the list in {@code replay --help}): the failure's
 * message on one line, no stack trace. Anything else is a bug, left to picocli: stack trace, exit 1.
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper, CommandLine.IExecutionExceptionHandler {
  static final int UNDELIVERED = 1;
  static final int INVALID = 2;
  static final int SERVER_UNUSABLE = 3;
  static final int ALREADY_REPLAYING = 4;

  @Override
  public int getExitCode(Throwable failure) {
    if (failure instanceof AraException) {
      return SERVER_UNUSABLE;
    }
    if (failure instanceof TargetState.AlreadyReplaying) {
      return ALREADY_REPLAYING;
    }
    if (failure instanceof CommandLine.ParameterException) {
      return INVALID; // picocli asks the mapper for usage errors too
    }
    if (failure instanceof IllegalArgumentException) {
      // e.g. an unreadable CA bundle or client key: the message names the setting and the file
      return INVALID;
    }
    return CommandLine.ExitCode.SOFTWARE;
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, CommandLine.ParseResult parsed)
      throws Exception {
    int code = getExitCode(failure);
    if (code == CommandLine.ExitCode.SOFTWARE) {
      throw failure;
    }
    command.getErr().println("ara-journal " + command.getCommandName() + ": " + failure.getMessage());
    return code;
  }
}
