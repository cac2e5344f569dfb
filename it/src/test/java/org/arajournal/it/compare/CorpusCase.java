package org.arajournal.it.compare;

import java.util.List;
import java.util.Objects;

/**
 * One corpus run: a playbook from {@code it/src/test/resources/corpus}, the command line arguments
 * it runs with (relative to the corpus directory), and the exit code ansible-playbook must end with.
 */
public record CorpusCase(String name, String playbook, List<String> arguments, int exitCode) {
  public CorpusCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(playbook, "playbook");
    arguments = List.copyOf(arguments);
  }

  /** The name, so parameterized tests read well. */
  @Override
  public String toString() {
    return name;
  }
}
