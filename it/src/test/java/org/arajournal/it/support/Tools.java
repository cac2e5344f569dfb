package org.arajournal.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the real programs the end-to-end tests need, failing clearly when one is missing. */
public final class Tools {
  private Tools() {}

  /** The absolute path of {@code name} on PATH; fails the test naming the Debian package to install. */
  public static Path require(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " is not on PATH; install it: apt-get install -y " + debianPackage
        + " (.ci/run does this)");
  }

  /** The source checkout the tests run in (set by Surefire). */
  public static Path projectRoot() {
    String home = System.getProperty("ara_journal.home");
    if (home == null) {
      throw new AssertionError("system property ara_journal.home is not set; run the tests through Maven");
    }
    return Paths.get(home).toAbsolutePath().normalize();
  }

  /** {@code bin/ara-journal}, which needs the build's packaged jar. */
  public static Path launcher() {
    Path launcher = projectRoot().resolve("bin/ara-journal");
    if (!Files.isRegularFile(projectRoot().resolve("replayer/target/ara-journal.jar"))) {
      throw new AssertionError("replayer/target/ara-journal.jar is missing; run `mvn verify` from the project root");
    }
    return launcher;
  }

  /** The directory holding our callback plugin. */
  public static Path callbackPlugins() {
    return projectRoot().resolve("recorder/src/main/python/callback_plugins");
  }

  /** ara-journal's offline {@code ara_record} action. */
  public static Path actionPlugins() {
    return projectRoot().resolve("recorder/src/main/python/action_plugins");
  }

  /** The directory holding ARA's own callback, as {@code python3 -m ara.setup.callback_plugins} prints it. */
  public static Path araCallbackPlugins() {
    return araSetup("callback_plugins");
  }

  /** The directory holding ARA's own (live) {@code ara_record} action. */
  public static Path araActionPlugins() {
    return araSetup("action_plugins");
  }

  private static Path araSetup(String what) {
    Processes.Result result = Processes.run(java.util.List.of("/usr/bin/python3", "-m", "ara.setup." + what),
        java.util.Map.of(), null, java.time.Duration.ofSeconds(60));
    if (result.exitCode() != 0) {
      throw new AssertionError("ARA's plugins are not installed (python3 -m ara.setup." + what + " failed: "
          + result.output() + "); install them: apt-get install -y python3-ara");
    }
    return Paths.get(result.output().trim());
  }
}
