package org.arajournal.ara;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code [ara]} section of the ansible.cfg Ansible itself would use: {@code ANSIBLE_CONFIG},
 * else {@code ./ansible.cfg}, else {@code ~/.ansible.cfg}, else {@code /etc/ansible/ansible.cfg}.
 */
public final class AnsibleConfig {
  private final Path file;
  private final Map<String, String> ara;

  private AnsibleConfig(Path file, Map<String, String> ara) {
    this.file = file;
    this.ara = ara;
  }

  /** No configuration file. */
  public static AnsibleConfig none() {
    return new AnsibleConfig(null, Map.of());
  }

  /** Finds the file Ansible would read, in Ansible's order of precedence. */
  public static AnsibleConfig find(Map<String, String> env, Path cwd, Path home) {
    String configured = env.get("ANSIBLE_CONFIG");
    List<Path> candidates = new java.util.ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      candidates.add(Files.isDirectory(path) ? path.resolve("ansible.cfg") : path);
    }
    candidates.add(cwd.resolve("ansible.cfg"));
    candidates.add(home.resolve(".ansible.cfg"));
    candidates.add(Path.of("/etc/ansible/ansible.cfg"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isReadable(candidate)) {
        return read(candidate);
      }
    }
    return none();
  }

  /**
   * Reads the {@code [ara]} section of {@code file} as Ansible would (see {@link AnsibleIni}).
   *
   * @throws IllegalArgumentException if Ansible would refuse the file, naming the line
   */
  public static AnsibleConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Ansible configuration " + file, e);
    }
    return new AnsibleConfig(file, AnsibleIni.parse(text, file).section("ara").orElse(Map.of()));
  }

  /** The value of {@code key} in {@code [ara]}, or null. */
  public String ara(String key) {
    return ara.get(key);
  }

  /** The file read, or null when there was none. */
  public Path file() {
    return file;
  }
}
