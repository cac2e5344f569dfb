package org.arajournal.it.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One place where two snapshots disagree: the path into the tree and each side's value there
 * ({@code null} when that side has nothing at the path).
 */
public record Difference(String path, JsonNode left, JsonNode right) {
  private static final int SHOWN = 160;

  public Difference {
    Objects.requireNonNull(path, "path");
    if (Objects.equals(left, right)) {
      throw new IllegalArgumentException("not a difference at " + path + ": both sides are " + left);
    }
  }

  /** One line: path, then both values, long text cut around its first differing character. */
  @Override
  public String toString() {
    if (left != null && right != null && left.isTextual() && right.isTextual()) {
      String l = left.asText();
      String r = right.asText();
      int at = firstDifference(l, r);
      return path + "\n    left : " + excerpt(l, at) + "\n    right: " + excerpt(r, at)
          + (l.length() > SHOWN || r.length() > SHOWN
              ? "\n    (first difference at char " + at + "; lengths " + l.length() + " / " + r.length() + ")" : "");
    }
    return path + "\n    left : " + render(left) + "\n    right: " + render(right);
  }

  private static String render(JsonNode value) {
    if (value == null) {
      return "(absent)";
    }
    String text = value.toString();
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " chars)";
  }

  private static String excerpt(String text, int at) {
    if (text.length() <= SHOWN) {
      return quote(text);
    }
    int from = Math.max(0, at - SHOWN / 4);
    int to = Math.min(text.length(), from + SHOWN);
    return (from > 0 ? "..." : "") + quote(text.substring(from, to)) + (to < text.length() ? "..." : "");
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + '"';
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }
}
