package org.arajournal.it.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Every difference between two {@link AraSnapshot}s; none means ARA holds the same record. */
public final class SnapshotDiff {
  private SnapshotDiff() {}

  /** The differences from {@code left} to {@code right}, in path order; empty when they are equal. */
  public static List<Difference> between(AraSnapshot left, AraSnapshot right) {
    List<Difference> out = new ArrayList<>();
    compare("", left.tree(), right.tree(), out);
    return List.copyOf(out);
  }

  /** The differences as a readable report, one entry per difference, headed by their count. */
  public static String report(List<Difference> differences) {
    StringBuilder text = new StringBuilder(differences.size() + " difference(s)");
    differences.forEach(d -> text.append("\n- ").append(d));
    return text.toString();
  }

  private static void compare(String path, JsonNode left, JsonNode right, List<Difference> out) {
    if (left == null || right == null) {
      if (left != right) {
        out.add(new Difference(path, left, right));
      }
      return;
    }
    if (left.isObject() && right.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      left.fieldNames().forEachRemaining(names::add);
      right.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        compare(path + "/" + escape(name), left.get(name), right.get(name), out);
      }
    } else if (left.isArray() && right.isArray()) {
      int n = Math.max(left.size(), right.size());
      for (int i = 0; i < n; i++) {
        compare(path + "[" + i + "]", left.get(i), right.get(i), out);
      }
    } else if (!left.equals(right)) {
      out.add(new Difference(path, left, right));
    }
  }

  /** Keys may hold '/', e.g. file paths: bracket them so the path stays readable. */
  private static String escape(String name) {
    return name.contains("/") ? "[" + name + "]" : name;
  }
}
