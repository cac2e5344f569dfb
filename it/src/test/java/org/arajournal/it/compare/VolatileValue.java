package org.arajournal.it.compare;

/**
 * The values that legitimately differ between two runs of the same playbook on the same machine,
 * and so are masked before two snapshots are compared. Keep this list short: every entry is a
 * place where a faithless replay could hide. docs/equivalence.md explains each one.
 */
public enum VolatileValue {
  /**
   * {@code start}, {@code end} and {@code delta} of a command-style result (an object that also has
   * {@code cmd}): the wall-clock time the command ran, measured on the managed host.
   */
  COMMAND_TIMING,
  /** {@code ansible_date_time} in gathered facts: the managed host's clock at gathering time. */
  FACTS_DATE_TIME,
  /** A {@code uuid} field of a play (and of a task on ARA >= 1.6): Ansible makes new ones every run. */
  RUN_UUID,
  /**
   * The order of a task's {@code tags}: Ansible keeps them in a set, so their order follows Python's
   * per-process string hashing. They are compared sorted (the set is kept, its order is not).
   */
  TASK_TAGS_ORDER,
  /**
   * {@code playbook_id}, {@code created} and {@code updated} in the result of {@code ara_record}
   * (an object that also has {@code key}, {@code value} and {@code type}): the record's id of
   * playbook on that server and the server's clock when it stored the record.
   */
  RECORD_STORAGE;

  /** The placeholder that replaces a masked value, naming the rule so a diff shows why it was masked. */
  public String placeholder() {
    return "<volatile:" + name() + ">";
  }
}
