package org.arajournal.ara;

/**
 * The ARA API could not do what was asked; {@link #problem()} says which kind of trouble it is
 * and the message names the server, the request and the fix. Never contains the password.
 */
public final class AraException extends RuntimeException {
  /** The kinds of trouble an operator fixes differently. */
  public enum Problem {
    /** The server could not be reached (refused, unknown host, timeout, reset). */
    UNREACHABLE,
    /** TLS handshake failed: untrusted certificate, wrong host name, or not a TLS server. */
    TLS,
    /** The server answered but is not an ARA API. */
    NOT_ARA,
    /** The server is an ARA API of a version this replayer does not speak. */
    UNSUPPORTED_VERSION,
    /** 401 or 403: credentials missing or wrong. */
    AUTHENTICATION,
    /** Any other refusal: the request was invalid for this server, or it failed. */
    HTTP
  }

  private final Problem problem;
  private final int status;

  public AraException(Problem problem, int status, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.status = status;
  }

  public AraException(Problem problem, String message) {
    this(problem, -1, message, null);
  }

  public Problem problem() {
    return problem;
  }

  /** The HTTP status, or -1 when there was no response. */
  public int status() {
    return status;
  }
}
