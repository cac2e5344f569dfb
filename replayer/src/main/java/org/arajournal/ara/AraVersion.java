package org.arajournal.ara;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version an ARA server reports at {@code GET /api/}, e.g. {@code 1.5.8} or {@code 1.7.4}. */
public record AraVersion(int major, int minor, int patch, String text) implements Comparable<AraVersion> {
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

  /** The oldest API this replayer speaks: 1.5 (Debian 12's ara-server is 1.5.8). */
  public static final AraVersion OLDEST = new AraVersion(1, 5, 0, "1.5.0");

  /** Parses {@code text}; throws when it is not a dotted version. */
  public static AraVersion parse(String text) {
    Matcher m = VERSION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a version such as 1.7.4");
    }
    return new AraVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), text.trim());
  }

  /** Whether this version is {@code major.minor} or newer. */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public int compareTo(AraVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    return c;
  }

  @Override
  public String toString() {
    return text;
  }
}
