package org.arajournal.replay;

/** The status ARA shows for a playbook, play or task, by the name its API uses. */
enum AraStatus {
  RUNNING("running"),
  COMPLETED("completed"),
  FAILED("failed"),
  EXPIRED("expired"),
  /** ARA's status for what it cannot tell, and for a status this version does not know. */
  UNKNOWN("unknown");

  private final String wireName;

  AraStatus(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  /** The status named {@code wireName}: as the API or a {@code playbook_ended} event gives it. */
  static AraStatus named(String wireName) {
    for (AraStatus status : values()) {
      if (status.wireName.equals(wireName)) {
        return status;
      }
    }
    return UNKNOWN;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
