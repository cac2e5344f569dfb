package org.arajournal.it.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The playbook corpus that exercises everything ARA stores (see docs/equivalence.md), and the
 * command lines it runs with.
 */
public final class Corpus {
  /** Everything that succeeds: facts, loops, delegation, handlers, includes, a role, block/rescue, big and non-ASCII output. */
  public static final CorpusCase SITE = new CorpusCase("site", "site.yml",
      List.of("-i", "inventory.ini", "-e", "corpus_run=1"), 0);
  /** A real failure that stops a host, and an unreachable host. */
  public static final CorpusCase FAILURES = new CorpusCase("failures", "failures.yml",
      List.of("-i", "inventory-unreachable.ini"), 4);
  /** Check and diff mode (a would-be change that never happens). */
  public static final CorpusCase CHECK = new CorpusCase("check", "options.yml",
      List.of("-i", "inventory.ini", "--check", "--diff"), 0);
  /** Tag selection and a host limit, which ARA turns into labels. */
  public static final CorpusCase TAGS = new CorpusCase("tags", "options.yml",
      List.of("-i", "inventory.ini", "--tags", "report", "--skip-tags", "noisy", "--limit", "host1,host3"), 0);

  /**
   * Tasks Ansible starts more than once in a run: handlers at a flush and at the play's end, meta
   * tasks per host, a file included twice, the free strategy's per-host turns.
   */
  public static final CorpusCase RESTARTS = new CorpusCase("restarts", "restarts.yml",
      List.of("-i", "inventory-five.ini"), 0);

  /** ARA's ara_record: ARA's own (live) beside ara-journal's (offline, replayed later). */
  public static final CorpusCase RECORDS = new CorpusCase("records", "records.yml",
      List.of("-i", "inventory.ini"), 0);

  private Corpus() {}

  /** Every case, cheapest first. */
  public static List<CorpusCase> cases() {
    return List.of(TAGS, CHECK, RESTARTS, RECORDS, FAILURES, SITE);
  }

  /** Copies the corpus (playbooks, inventories, roles) into {@code dir} and returns {@code dir}. */
  public static Path copyTo(Path dir) {
    Path source = source();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the corpus from " + source + " to " + dir, e);
    }
  }

  private static Path source() {
    URL marker = Corpus.class.getResource("/corpus/site.yml");
    if (marker == null || !"file".equals(marker.getProtocol())) {
      throw new IllegalStateException("corpus/site.yml is not a file on the test classpath (" + marker
          + "); run the tests through Maven from it/");
    }
    try {
      return Paths.get(marker.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad corpus location " + marker, e);
    }
  }
}
