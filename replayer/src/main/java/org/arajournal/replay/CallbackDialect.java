package org.arajournal.replay;

import java.util.Set;
import org.arajournal.ara.AraVersion;

/**
 * What ARA's own callback ({@code ara_default}) of the server's version sends: the replay talks to
 * a server as the callback shipped with that server's release would have. Two generations matter:
 * 1.5 (Debian 12's 1.5.8) and 1.6 onwards (up to the current 1.7.4).
 */
record CallbackDialect(AraVersion version) {
  /** Actions whose facts 1.6+ save on the host, exactly its list (1.5 knows only the short names). */
  private static final Set<String> SETUP_ACTIONS_16 = Set.of("setup", "ansible.builtin.setup", "ansible.legacy.setup",
      "gather_facts", "ansible.builtin.gather_facts");
  private static final Set<String> SETUP_ACTIONS_15 = Set.of("setup", "gather_facts");

  /** ARA truncates names and labels to this many characters since 1.6 (the columns hold 255). */
  static final int MAX_NAME = 254;

  private boolean modern() {
    return version.atLeast(1, 6);
  }

  /** 1.6+: tasks carry their Ansible uuid. */
  boolean sendsTaskUuid() {
    return modern();
  }

  /** 1.6+: a task with a failed (not ignored) result gets the status {@code failed}. */
  boolean marksFailedTasks() {
    return modern();
  }

  /** 1.6+: playbooks carry client_version, python_version and user. */
  boolean sendsClientDetails() {
    return modern();
  }

  /**
   * After 1.7.4 (ARA's master, unreleased at the time of writing): a task's end also carries the
   * deprecations, exceptions and warnings its results reported.
   */
  boolean sendsTaskDiagnostics() {
    return version.compareTo(LAST_WITHOUT_DIAGNOSTICS) > 0;
  }

  private static final AraVersion LAST_WITHOUT_DIAGNOSTICS = AraVersion.parse("1.7.4");

  /** Whether a result of a task with this action updates the host's facts. */
  boolean savesFactsOf(String action) {
    return action != null && (modern() ? SETUP_ACTIONS_16 : SETUP_ACTIONS_15).contains(action);
  }

  /** Names, labels and host names as ARA 1.6+ stores them: at most 254 characters. */
  static String truncate(String name) {
    return name == null || name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
  }
}
