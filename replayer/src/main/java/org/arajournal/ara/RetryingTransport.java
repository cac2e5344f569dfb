package org.arajournal.ara;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request until the server gives an answer worth acting on: retries what the server may
 * take later with backoff, rides out outages through the shared {@link OutageGate}, keeps within
 * the adaptive in-flight limit, and gives up only when the {@link RetryPolicy} says so. The
 * {@link HttpWire} never retries by itself: every retry is made, counted and bounded here.
 */
final class RetryingTransport {
  private static final Logger log = LoggerFactory.getLogger(AraClient.class);
  private static final int MAX_BODY_IN_MESSAGE = 400;

  /**
   * Looks on the server for what a request whose answer was lost may have done, before it is sent
   * again: a create must not be repeated if it happened.
   */
  @FunctionalInterface
  interface Recheck {
    /** The answer the lost request would have had, or null when the server shows it did nothing. */
    Answer find();
  }

  /** One try's outcome: an answer or the transport failure. */
  private record Try(Answer answer, IOException failure) {}

  private final AraSettings settings;
  private final HttpWire wire;
  private final RetryPolicy policy;
  private final OutageGate gate;
  private final AdaptiveLimit inFlight;
  private final AtomicLong requests;
  private final AtomicLong retried;

  RetryingTransport(AraSettings settings, HttpWire wire, RetryPolicy policy, int connections) {
    this(settings, wire, policy, new OutageGate(settings.server(), policy), new AdaptiveLimit(connections),
        new AtomicLong(), new AtomicLong());
  }

  private RetryingTransport(AraSettings settings, HttpWire wire, RetryPolicy policy, OutageGate gate,
      AdaptiveLimit inFlight, AtomicLong requests, AtomicLong retried) {
    this.settings = settings;
    this.wire = wire;
    this.policy = policy;
    this.gate = gate;
    this.inFlight = inFlight;
    this.requests = requests;
    this.retried = retried;
  }

  /** This transport sending over {@code other}, with the same gate, limit and counts. */
  RetryingTransport over(HttpWire other) {
    return new RetryingTransport(settings, other, policy, gate, inFlight, requests, retried);
  }

  HttpWire wire() {
    return wire;
  }

  long requests() {
    return requests.get();
  }

  long retries() {
    return retried.get();
  }

  OutageGate gate() {
    return gate;
  }

  /**
   * Sends {@code method url} with the body {@code json} (none when null) until it gets a final
   * answer; when a try may have reached the server without its answer
   * reaching us (reset or truncated answer, timeout, 5xx), {@code recheck} runs before the next try
   * and its answer, if any, is taken as the request's.
   *
   * @param where    the request as messages name it
   * @param recheck  null for a request that is safe to send again
   * @throws AraException when the failure is not worth another try (TLS, unknown host), when the
   *     policy gives up, or when interrupted
   */
  Answer execute(String method, HttpUrl url, byte[] json, String where, Recheck recheck) {
    int unreachableTries = 0;
    boolean maybeDone = false;
    int refusedTries = 0;
    long firstRefusal = 0;
    boolean freshConnectionTried = false;
    String lastFailure = null;
    try {
      while (true) {
        OutageGate.Pass pass = enter(where, lastFailure);
        if (maybeDone && recheck != null) {
          Answer found = recheck.find();
          if (found != null) {
            log.debug("{}: its answer was lost, but the server has its result; not sending it again", where);
            return found;
          }
          maybeDone = false;
        }
        Try outcome = attempt(method, url, json, where);
        maybeDone = outcome.failure() != null ? mayHaveReachedServer(outcome.failure())
            : outcome.answer().code() >= 500;
        String unreachable = null;
        if (outcome.failure() != null) {
          IOException e = outcome.failure();
          if (!retryable(e)) {
            throw transportFailure(settings, where, e);
          }
          unreachable = e.toString();
          if (pass == OutageGate.Pass.OPEN && !freshConnectionTried && !gate.down()) {
            // What OkHttp's retryOnConnectionFailure did silently: a pooled connection the server has
            // closed fails the next request at once; one immediate try on a fresh connection tells
            // that apart from an outage.
            freshConnectionTried = true;
            retried.incrementAndGet();
            wire.dropIdleConnections();
            log.debug("{} failed ({}); trying once more on a new connection", where, e.toString());
            continue;
          }
        } else if (unavailable(outcome.answer().code())) {
          unreachable = "HTTP " + outcome.answer().code() + " " + excerpt(outcome.answer().body());
        }
        if (unreachable != null) {
          lastFailure = unreachable;
          retried.incrementAndGet();
          if (gate.unreachable(where, unreachable)) {
            pause(capped(policy.delayAfter(++unreachableTries), gate.downSinceNanos()), where, unreachable);
          }
          continue;
        }
        gate.reachable();
        Answer answer = outcome.answer();
        if (!retryable(answer.code())) {
          return answer;
        }
        long now = System.nanoTime();
        if (refusedTries++ == 0) {
          firstRefusal = now;
        }
        if (policy.expired(firstRefusal, now)) {
          throw new AraException(AraException.Problem.HTTP, answer.code(), where + " failed with HTTP " + answer.code()
              + ": " + excerpt(answer.body()) + " (gave up after " + refusedTries + " tries in "
              + RetryPolicy.format(Duration.ofNanos(now - firstRefusal)) + ", --give-up-after "
              + RetryPolicy.format(policy.giveUpAfter().orElseThrow()) + ")", null);
        }
        retried.incrementAndGet();
        pause(capped(policy.delayAfter(refusedTries), firstRefusal), where,
            "HTTP " + answer.code() + " " + excerpt(answer.body()));
      }
    } finally {
      gate.leave();
    }
  }

  private OutageGate.Pass enter(String where, String lastFailure) {
    try {
      return gate.enter();
    } catch (OutageGate.GaveUp e) {
      throw new AraException(AraException.Problem.UNREACHABLE, -1, where + ": gave up after "
          + RetryPolicy.format(e.length) + " (--give-up-after " + RetryPolicy.format(policy.giveUpAfter().orElseThrow())
          + "): the ARA server at " + settings.server() + " has been unreachable since " + e.since
          + (lastFailure == null ? "" : " (" + lastFailure + ")") + "; is the ARA server running at "
          + settings.server() + "?", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AraException(AraException.Problem.UNREACHABLE, -1, where + " interrupted while waiting for the ARA server", e);
    }
  }

  /** Sends once, within the adaptive in-flight limit; the permit is back before any retry pause. */
  private Try attempt(String method, HttpUrl url, byte[] json, String where) {
    requests.incrementAndGet();
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AraException(AraException.Problem.UNREACHABLE, -1, where + " interrupted while waiting to send", e);
    }
    boolean overloaded = true;
    long start = System.nanoTime();
    try {
      Answer answer = wire.exchange(method, url, json);
      int code = answer.code();
      overloaded = retryable(code) || unavailable(code);
      if (log.isDebugEnabled()) {
        log.debug("{} -> {} in {} ms", where, code, (System.nanoTime() - start) / 1_000_000);
      }
      return new Try(answer, null);
    } catch (IOException e) {
      // a refused connection says nothing about load; a timeout may
      overloaded = e instanceof SocketTimeoutException;
      return new Try(null, e);
    } finally {
      inFlight.release(overloaded);
    }
  }

  /** {@code delay}, but no later than when the policy gives up on what has failed since {@code sinceNanos}. */
  private Duration capped(Duration delay, long sinceNanos) {
    long left = policy.nanosLeft(sinceNanos, System.nanoTime());
    return left < delay.toNanos() ? Duration.ofNanos(left) : delay;
  }

  private void pause(Duration delay, String where, String why) {
    log.debug("{} failed ({}), next try in {} ms", where, why, delay.toMillis());
    try {
      TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AraException(AraException.Problem.UNREACHABLE, -1, where + " interrupted while waiting to retry", e);
    }
  }

  /**
   * Answers of a server that is up but may take the same request later: 408 (the server timed out
   * reading it; OkHttp used to resend it silently), 429, and every 500: on sqlite it is almost
   * always "database is locked" under concurrent writers, and with ARA_DEBUG off the server's
   * answer does not say so (a plain "Server Error (500)" page).
   */
  static boolean retryable(int code) {
    return code == 408 || code == 429 || code == 500;
  }

  /** Answers that say the server behind is not there now (a proxy's 502/504, a 503): an outage. */
  static boolean unavailable(int code) {
    return code == 502 || code == 503 || code == 504;
  }

  /** Whether a request that failed with {@code e} may have been carried out: only a refused connection says no. */
  private static boolean mayHaveReachedServer(IOException e) {
    return !(e instanceof ConnectException || e instanceof NoRouteToHostException);
  }

  /** Transport failures worth another try: the server may be down, restarting or overloaded. */
  private static boolean retryable(IOException e) {
    return !(e instanceof UnknownHostException || e instanceof SSLException);
  }

  static AraException transportFailure(AraSettings settings, String where, IOException e) {
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException || e instanceof SSLException) {
      String fix = settings.server().isHttps()
          ? "if the server's certificate comes from a private CA, set ARA_API_CA (--ca) to its PEM bundle;"
              + " ARA_API_INSECURE=true (--insecure) skips verification"
          : "check the URL scheme";
      return new AraException(AraException.Problem.TLS, -1,
          where + ": TLS failed (" + e.getMessage() + "); " + fix, e);
    }
    if (e instanceof UnknownHostException) {
      return new AraException(AraException.Problem.UNREACHABLE, -1,
          where + ": unknown host '" + settings.server().host() + "'; check ARA_API_SERVER or --to", e);
    }
    String kind = e instanceof ConnectException || e instanceof NoRouteToHostException ? "cannot connect"
        : e instanceof SocketTimeoutException ? "no answer within " + settings.timeout().toSeconds()
            + " s (ARA_API_TIMEOUT, --timeout)"
        : "connection failed";
    return new AraException(AraException.Problem.UNREACHABLE, -1,
        where + ": " + kind + " (" + e + "); is the ARA server running at " + settings.server() + "?", e);
  }

  static String excerpt(String body) {
    if (body == null || body.isEmpty()) {
      return "empty body";
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }
}
