package org.arajournal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.arajournal.ara.AnsibleConfig;
import org.arajournal.ara.AraClient;
import org.arajournal.ara.AraException;
import org.arajournal.ara.AraSettings;
import org.arajournal.ara.AraSettingsResolver;
import org.arajournal.ara.ConnectionMode;
import org.arajournal.ara.RetryPolicy;
import org.arajournal.checkpoint.TargetState;
import org.arajournal.journal.Journal;
import org.arajournal.replay.Progress;
import org.arajournal.prune.FollowPruning;
import org.arajournal.replay.ReplayOptions;
import org.arajournal.replay.ReplayReport;
import org.arajournal.replay.Replayer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ara-journal replay}: sends the recorded runs of a journal to an ARA server. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Send the runs recorded in a journal to an ARA server, as ARA's own callback would have recorded them.",
        "Connection settings are ARA's: ARA_API_SERVER, ARA_API_USERNAME, ARA_API_PASSWORD, ARA_API_TIMEOUT,"
            + " ARA_API_CA, ARA_API_CERT, ARA_API_KEY, ARA_API_INSECURE, or [ara] in ansible.cfg; flags override them."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every due run was delivered",
        "1:some runs could not be delivered (see the log)",
        "2:invalid arguments or settings",
        "3:the ARA server cannot be used (unreachable, not ARA, credentials, TLS, version)",
        "4:another replay is replaying this journal into this server now (it is named)"})
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ReplaySource source;

  @Option(names = "--to", paramLabel = "URL", description = "ARA server base URL (default: $ARA_API_SERVER, else"
      + " http://127.0.0.1:8000).")
  String to;

  @Option(names = "--username", description = "Basic-auth user (default: $ARA_API_USERNAME).")
  String username;

  @Option(names = "--password", arity = "0..1", interactive = true,
      description = "Basic-auth password; give the flag without a value to be prompted (default: $ARA_API_PASSWORD).")
  char[] password;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Request timeout (default: $ARA_API_TIMEOUT, else 30).")
  Integer timeout;

  @Option(names = "--ca", paramLabel = "PEM", description = "CA bundle to trust (default: $ARA_API_CA).")
  Path ca;

  @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate (default: $ARA_API_CERT).")
  Path cert;

  @Option(names = "--key", paramLabel = "PEM", description = "Client certificate key (default: $ARA_API_KEY).")
  Path key;

  @Option(names = "--insecure", description = "Do not verify the server's certificate (default: $ARA_API_INSECURE).")
  Boolean insecure;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "Workers per pool: results of a task, global jobs, runs at once (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--close-incomplete",
      description = "Close runs that have no end as expired now, even if the journal may still be written.")
  boolean closeIncomplete;

  @Option(names = "--abandon-after", paramLabel = "HOURS", defaultValue = "24",
      description = "Close a run without an end as expired once its last event is this old (default: ${DEFAULT-VALUE}).")
  int abandonAfterHours;

  @Option(names = "--again", description = "Also send runs this journal delivered to this server before.")
  boolean again;

  @Option(names = "--run", paramLabel = "UUID", description = "Replay only this run (repeatable).")
  List<UUID> runs = new ArrayList<>();

  @Option(names = "--connection", paramLabel = "MODE", defaultValue = "auto",
      converter = Converters.ConnectionModeConverter.class,
      description = "auto (a new connection per request for Django's runserver and servers that close every"
          + " connection, such as gunicorn's sync workers; keep-alive otherwise), close or"
          + " keep-alive (default: ${DEFAULT-VALUE}).")
  ConnectionMode connection;


  @Option(names = "--follow",
      description = "Keep replaying the journal as it grows, each run while it is recorded, until Ctrl-C or SIGTERM.")
  boolean follow;

  @Option(names = "--retry-dead-letters",
      description = "Try the dead letters again: events the server refused, or this version could not read"
          + " (`ara-journal status` lists them).")
  boolean retryDeadLetters;

  @Option(names = "--give-up-after", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Give up on a request once the ARA server has been unreachable (or kept failing it) this long,"
          + " e.g. 90s, 10m, 2h (default: never; the replay waits for the server and resumes by itself).")
  Duration giveUpAfter;

  @Option(names = "--prune-older-than", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "With --follow: every --prune-every, remove runs older than this that every ARA server this"
          + " journal was replayed to has whole, as `ara-journal prune` does, e.g. 30d (default: never).")
  Duration pruneOlderThan;

  @Option(names = "--prune-every", paramLabel = "DURATION", defaultValue = "1h",
      converter = Converters.DurationConverter.class,
      description = "How often --prune-older-than prunes (default: ${DEFAULT-VALUE}).")
  Duration pruneEvery;

  @Override
  public Integer call() {
    Signals signals = new Signals();
    try {
      return replay(signals);
    } finally {
      signals.finish();
    }
  }

  private int replay(Signals signals) {
    Path dir = source.journal();
    // --follow may start before the first recording creates the journal; a replay has nothing to send then.
    if (!(follow && !Files.exists(dir))) {
      AraJournal.journalDir(spec, "--from", dir);
    }
    AraSettings settings;
    ReplayOptions options;
    RetryPolicy retries = giveUpAfter == null ? RetryPolicy.DEFAULT : RetryPolicy.DEFAULT.givingUpAfter(giveUpAfter);
    try {
      if (pruneOlderThan != null && !follow) {
        throw new IllegalArgumentException("--prune-older-than works with --follow; to prune once, run"
            + " `ara-journal prune --journal " + dir + " --older-than " + RetryPolicy.format(pruneOlderThan) + "`");
      }
      AraSettingsResolver resolver = new AraSettingsResolver(System.getenv(),
          AnsibleConfig.find(System.getenv(), Paths.get("").toAbsolutePath(), Paths.get(System.getProperty("user.home"))));
      settings = resolver.resolve(new AraSettingsResolver.Flags(to, username,
          password == null ? null : new String(password), timeout, ca, cert, key, insecure));
      options = new ReplayOptions(threads, closeIncomplete, Duration.ofHours(abandonAfterHours), again, Set.copyOf(runs),
          retryDeadLetters);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // Per pool: the run threads post playbooks/plays/tasks, the task pool results, the global pool the rest.
    int connections = threads * 3;
    // The state is taken (locked) before anything is read from it or sent: one replay per journal and server.
    try (Journal journal = AraJournal.openForReading(dir);
        TargetState state = TargetState.openForReplay(source.stateDir(journal.dir()), journal.id(),
            settings.server());
        AraClient ara = AraClient.connect(settings, connections, connection, retries);
        Progress progress = Progress.forConsole()) {
      Replayer replayer = new Replayer(journal, ara, options, state, progress);
      signals.onStop(replayer::stop, state.dir());
      ReplayReport report;
      if (pruneOlderThan != null) {
        try (FollowPruning pruning = new FollowPruning(journal, source.stateDir(journal.dir()), pruneOlderThan,
            pruneEvery)) {
          report = replayer.follow();
        }
      } else {
        report = follow ? replayer.follow() : replayer.replay();
      }
      printSummary(report, ara);
      if (signals.stopped()) {
        return 0;
      }
      return report.success() ? 0 : ExitCodes.UNDELIVERED;
    } catch (AraException e) {
      if (signals.stopped()) {
        return 0;
      }
      throw e; // ExitCodes: the server cannot be used
    }
  }

  /**
   * SIGTERM and SIGINT stop the replay: runs stop before their next event, and the process exits 0
   * within {@link #GRACE} whatever is still in flight. Nothing is lost: the ledger and the server
   * hold every run's progress, and the next replay finds what was in flight (see RunReplay).
   */
  private static final class Signals {
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(4);
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stopped;
    private volatile Runnable stop = () -> { };
    private volatile String state = "";

    /** Installed first thing, so that a signal while connecting also exits 0. */
    Signals() {
      Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnSignal, "replay-stop"));
    }

    /** What stops the replay, once there is one, and where its state is kept. */
    void onStop(Runnable stop, Path stateDir) {
      this.state = " (state in " + stateDir + ")";
      this.stop = stop;
    }

    private void stopOnSignal() {
      if (finished.getCount() == 0) {
        return;
      }
      stopped = true;
      System.err.println("ara-journal replay: stopping on a signal; what ARA has is kept and the next replay"
          + " completes the rest" + state);
      stop.run();
      try {
        finished.await(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }

    boolean stopped() {
      return stopped;
    }

    /** The replay is over (however it ended): a later exit is not a signal's. */
    void finish() {
      finished.countDown();
    }
  }

  private static void printSummary(ReplayReport report, AraClient ara) {
    long results = report.delivered().stream().mapToLong(ReplayReport.Delivered::results).sum();
    long whole = report.delivered().stream().filter(run -> !run.status().equals("running")).count();
    System.err.printf("replay: %d run(s) delivered (%d results, %d events in %.1f s, %.0f results/s, %d requests,"
            + " %d retried), %d failed, %d left running, %d delivered before, %d dead letters%n",
        whole, results, report.events(), report.seconds(),
        report.seconds() > 0 ? results / report.seconds() : 0.0, ara.requests(), ara.retries(),
        report.failed().size(), report.leftRunning().size(), report.alreadyDelivered().size(), report.deadLetters());
    if (report.deadLetters() > 0) {
      System.err.println("replay: " + report.deadLetters() + " event(s) could not be delivered (refused by the server,"
          + " or unreadable) and are kept as dead letters: `ara-journal status` lists them,"
          + " `ara-journal replay --retry-dead-letters` tries them again");
    }
    for (ReplayReport.Delivered run : report.delivered()) {
      System.out.printf("%s %s %sapi/v1/playbooks/%d%n", run.run(), run.status(), ara.settings().server(),
          run.playbookId());
    }
    for (ReplayReport.Failed run : report.failed()) {
      System.out.printf("%s FAILED %s%n", run.run(), run.error());
    }
  }
}
