package org.arajournal.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.arajournal.ara.AraClient;

/**
 * The ARA playbook a run is replayed into, with what every writer of its records shares.
 *
 * @param path     the playbook's path, for tasks whose event names no file
 * @param started  the playbook's start, which decides which playbook a host name points at
 * @param existing what ARA held of the playbook when this replay found it (nothing for a new one)
 */
record RunTarget(UUID run, AraClient ara, CallbackDialect dialect, long playbookId, String path, Instant started,
    ExistingRecords existing) {
  ObjectNode object() {
    return ara.mapper().createObjectNode();
  }
}
