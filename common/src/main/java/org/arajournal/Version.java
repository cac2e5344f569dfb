package org.arajournal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The version of ara-journal, from the build (the parent pom's version is the one place it is set). */
public final class Version {
  private Version() {}

  /** E.g. {@code 0.1.0}. */
  public static String number() {
    try (InputStream in = Version.class.getResourceAsStream("version")) {
      if (in == null) {
        throw new IllegalStateException("org/arajournal/version is missing from the classpath; rebuild with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
