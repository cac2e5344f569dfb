package org.arajournal.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.arajournal.ara.ConnectionMode;
import org.arajournal.ara.RetryPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the option types the commands share; picocli names the option in its error. */
final class Converters {
  private Converters() {}

  /** A duration such as {@code 90s}, {@code 10m}, {@code 1d12h} (see {@link RetryPolicy#parseDuration}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return RetryPolicy.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code auto}, {@code close} or {@code keep-alive}: the {@link ConnectionMode} in lower case, dashed. */
  static final class ConnectionModeConverter implements ITypeConverter<ConnectionMode> {
    @Override
    public ConnectionMode convert(String value) {
      return Arrays.stream(ConnectionMode.values()).filter(mode -> spelling(mode).equals(value)).findFirst()
          .orElseThrow(() -> new TypeConversionException("must be " + Arrays.stream(ConnectionMode.values())
              .map(ConnectionModeConverter::spelling).collect(Collectors.joining(", ")) + ", was '" + value + "'"));
    }

    static String spelling(ConnectionMode mode) {
      return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
