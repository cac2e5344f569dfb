package org.arajournal.ara;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI file read the way Ansible reads ansible.cfg: Python's {@code configparser.ConfigParser}
 * with {@code inline_comment_prefixes=(';',)} and otherwise its defaults (strict, no value-less
 * keys, {@code #} and {@code ;} full-line comments, indented continuation lines, {@code [DEFAULT]}
 * inherited), values taken raw ({@code %} is not interpolated: Ansible reads with {@code raw=True}).
 * A file configparser refuses is refused too, since Ansible then refuses to run.
 */
final class AnsibleIni {
  private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)\\]");
  private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*[=:]\\s*(?<value>.*)$",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final String DEFAULT = "DEFAULT";

  private final Map<String, Map<String, String>> sections;
  private final Map<String, String> defaults;

  private AnsibleIni(Map<String, Map<String, String>> sections, Map<String, String> defaults) {
    this.sections = sections;
    this.defaults = defaults;
  }

  /** The options of {@code name} with those of {@code [DEFAULT]} under them, or empty if there is no such section. */
  Optional<Map<String, String>> section(String name) {
    Map<String, String> own = sections.get(name);
    if (own == null) {
      return Optional.empty();
    }
    Map<String, String> all = new LinkedHashMap<>(defaults);
    all.putAll(own);
    return Optional.of(Map.copyOf(all));
  }

  /**
   * Parses {@code text}, the content of {@code file}.
   *
   * @throws IllegalArgumentException naming the file and line configparser would refuse, as Ansible does
   */
  static AnsibleIni parse(String text, Path file) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> defaults = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    String section = null;
    String option = null;
    int indentOfOption = Integer.MAX_VALUE;
    String[] lines = text.split("\n", -1);
    for (int number = 1; number <= lines.length; number++) {
      String line = lines[number - 1];
      int commentStart = commentStart(line);
      String value = (commentStart < 0 ? line : line.substring(0, commentStart)).strip();
      if (value.isEmpty()) {
        // A blank line may belong to a value that continues after it; a comment line never does.
        if (commentStart < 0 && current != null && option != null && current.get(option) != null) {
          current.get(option).add("");
        }
        continue;
      }
      int indent = indent(line);
      if (current != null && option != null && indent > indentOfOption) {
        current.get(option).add(value);
        continue;
      }
      indentOfOption = indent;
      Matcher header = SECTION.matcher(value);
      if (header.lookingAt()) {
        section = header.group("header");
        if (section.equals(DEFAULT)) {
          current = defaults;
        } else if (sections.containsKey(section)) {
          throw refused(file, number, "section [" + section + "] appears twice; merge them into one");
        } else {
          current = new LinkedHashMap<>();
          sections.put(section, current);
        }
        option = null;
        continue;
      }
      if (current == null) {
        throw refused(file, number, "it has an option before any [section] header");
      }
      Matcher pair = OPTION.matcher(value);
      if (!pair.matches() || pair.group("option").isEmpty()) {
        throw refused(file, number, "'" + line.strip() + "' is neither a [section] nor a key = value line");
      }
      option = pair.group("option").toLowerCase(Locale.ROOT);
      if (current.containsKey(option)) {
        throw refused(file, number, "option " + option + " appears twice in [" + section + "]; keep one");
      }
      current.put(option, new ArrayList<>(List.of(pair.group("value").strip())));
    }
    Map<String, Map<String, String>> joined = new LinkedHashMap<>();
    sections.forEach((name, options) -> joined.put(name, join(options)));
    return new AnsibleIni(joined, join(defaults));
  }

  /** Where an inline {@code ;} comment (one after whitespace, or at the start) or a full-line comment starts; -1 if none. */
  private static int commentStart(String line) {
    String stripped = line.strip();
    if (stripped.startsWith("#") || stripped.startsWith(";")) {
      return 0;
    }
    for (int at = line.indexOf(';'); at >= 0; at = line.indexOf(';', at + 1)) {
      if (at == 0 || Character.isWhitespace(line.charAt(at - 1))) {
        return at;
      }
    }
    return -1;
  }

  private static int indent(String line) {
    int at = 0;
    while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
      at++;
    }
    return at;
  }

  /** configparser's values: the lines of each joined by newlines, trailing blank lines dropped. */
  private static Map<String, String> join(Map<String, List<String>> options) {
    Map<String, String> joined = new LinkedHashMap<>();
    options.forEach((name, lines) -> joined.put(name, String.join("\n", lines).stripTrailing()));
    return joined;
  }

  private static IllegalArgumentException refused(Path file, int line, String why) {
    return new IllegalArgumentException("Ansible configuration " + file + " line " + line + ": " + why
        + " (Ansible's configparser refuses this file too)");
  }
}
