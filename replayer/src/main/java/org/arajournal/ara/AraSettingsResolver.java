package org.arajournal.ara;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@link AraSettings} the way ARA's callback does, with command-line flags on top:
 * flag, else environment ({@code ARA_API_*}), else {@code [ara]} in ansible.cfg, else ARA's default.
 */
public final class AraSettingsResolver {
  private static final Set<String> TRUE = Set.of("1", "true", "yes", "on", "y", "t");
  private static final Set<String> FALSE = Set.of("0", "false", "no", "off", "n", "f", "");

  private final Map<String, String> env;
  private final AnsibleConfig config;

  public AraSettingsResolver(Map<String, String> env, AnsibleConfig config) {
    this.env = Map.copyOf(env);
    this.config = config;
  }

  /** Values given on the command line; null means "not given". */
  public record Flags(String server, String username, String password, Integer timeoutSeconds, Path ca, Path cert,
      Path key, Boolean insecure) {
    public static final Flags NONE = new Flags(null, null, null, null, null, null, null, null);
  }

  /**
   * The settings to use.
   *
   * @throws IllegalArgumentException naming the setting (never its value, if it is the password)
   */
  public AraSettings resolve(Flags flags) {
    String server = pick(flags.server(), "ARA_API_SERVER", "api_server");
    String timeout = flags.timeoutSeconds() != null ? flags.timeoutSeconds().toString()
        : pick(null, "ARA_API_TIMEOUT", "api_timeout");
    String insecure = flags.insecure() != null ? flags.insecure().toString()
        : pick(null, "ARA_API_INSECURE", "api_insecure");
    return new AraSettings(
        AraSettings.parseServer(server != null ? server : AraSettings.DEFAULT_SERVER),
        pick(flags.username(), "ARA_API_USERNAME", "api_username"),
        pick(flags.password(), "ARA_API_PASSWORD", "api_password"),
        timeout == null ? AraSettings.DEFAULT_TIMEOUT : seconds(timeout),
        path(flags.ca(), "ARA_API_CA", "api_ca"),
        path(flags.cert(), "ARA_API_CERT", "api_cert"),
        path(flags.key(), "ARA_API_KEY", "api_key"),
        insecure != null && bool(insecure, "ARA_API_INSECURE"));
  }

  private String pick(String flag, String envName, String iniKey) {
    if (flag != null && !flag.isEmpty()) {
      return flag;
    }
    String fromEnv = env.get(envName);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    String fromIni = config.ara(iniKey);
    return fromIni == null || fromIni.isEmpty() ? null : fromIni;
  }

  private Path path(Path flag, String envName, String iniKey) {
    if (flag != null) {
      return flag;
    }
    String value = pick(null, envName, iniKey);
    if (value == null) {
      return null;
    }
    return Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
  }

  private static Duration seconds(String text) {
    try {
      int seconds = Integer.parseInt(text.trim());
      if (seconds < 1) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ARA_API_TIMEOUT (--timeout) must be a whole number of seconds >= 1, was '"
          + text + "'");
    }
  }

  private static boolean bool(String text, String name) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (TRUE.contains(value)) return true;
    if (FALSE.contains(value)) return false;
    throw new IllegalArgumentException(name + " must be true or false, was '" + text + "'");
  }
}
