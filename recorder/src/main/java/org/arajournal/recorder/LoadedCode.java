package org.arajournal.recorder;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Whether the jars a long-lived recorder loaded its classes from have changed on disk since it
 * started (an upgrade or a rebuild replaces them): such a recorder would run old code, and could
 * fail to load a class it has not needed yet.
 */
final class LoadedCode implements BooleanSupplier {
  private final Map<Path, String> jars = new HashMap<>();

  /** The jars of {@code classes} as they are now; classes loaded from directories are not watched. */
  LoadedCode(Class<?>... classes) {
    for (Class<?> type : classes) {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null) {
        continue;
      }
      try {
        Path path = Path.of(source.getLocation().toURI());
        if (Files.isRegularFile(path)) {
          jars.put(path, identity(path));
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // not a file: nothing on disk to watch
      }
    }
  }

  /** True when a watched jar is gone or is another file than at start. */
  @Override
  public boolean getAsBoolean() {
    return jars.entrySet().stream().anyMatch(jar -> !Objects.equals(identity(jar.getKey()), jar.getValue()));
  }

  private static String identity(Path jar) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
      return attributes.fileKey() + "/" + attributes.size() + "/" + attributes.lastModifiedTime();
    } catch (IOException e) {
      return null;
    }
  }
}
