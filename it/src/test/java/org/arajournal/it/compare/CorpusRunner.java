package org.arajournal.it.compare;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;

/**
 * Runs corpus cases from one copy of the corpus. Runs that are compared must come from the same
 * copy: ARA stores absolute paths, so the directory is part of what it records.
 */
public final class CorpusRunner {
  private final Path workDir;

  private CorpusRunner(Path workDir) {
    this.workDir = workDir;
  }

  /** Copies the corpus into {@code dir} (which must not hold one yet) and runs from there. */
  public static CorpusRunner copyInto(Path dir) {
    return new CorpusRunner(Corpus.copyTo(Objects.requireNonNull(dir, "dir").toAbsolutePath()));
  }

  public Path workDir() {
    return workDir;
  }

  /**
   * Runs {@code c} with ARA's own callback posting to {@code araUrl}, without threads: with threads
   * ARA loses data on sqlite ("database is locked"), and the reference must be complete.
   */
  public CorpusRun runWithAraCallback(CorpusCase c, String araUrl) {
    return run(c, Ansible.withAraCallback(workDir, araUrl).env("ARA_CALLBACK_THREADS", "0"));
  }

  /** Runs {@code c} with the ara_journal callback recording into {@code journal}. */
  public CorpusRun record(CorpusCase c, Path journal) {
    return run(c, Ansible.recordingInto(workDir, journal));
  }

  /** Runs {@code c} with {@code ansible} and fails unless ansible-playbook ends with the case's exit code. */
  public CorpusRun run(CorpusCase c, Ansible ansible) {
    if (!ansible.workDir().equals(workDir)) {
      throw new IllegalArgumentException("ansible runs in " + ansible.workDir() + " but the corpus is in " + workDir
          + "; build it with Ansible.xxx(runner.workDir(), ...)");
    }
    Instant from = Instant.now();
    Processes.Result result = ansible.run(workDir.resolve(c.playbook()), c.arguments().toArray(String[]::new));
    Instant to = Instant.now();
    if (result.exitCode() != c.exitCode()) {
      throw new AssertionError("corpus case '" + c.name() + "' (" + c.playbook() + " " + String.join(" ", c.arguments())
          + ") exited " + result.exitCode() + ", expected " + c.exitCode() + ":\n" + result.output());
    }
    return new CorpusRun(c, result, new RunWindow(from, to));
  }
}
