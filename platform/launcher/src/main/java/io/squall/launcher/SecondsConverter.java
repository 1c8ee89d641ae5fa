package io.squall.launcher;

import io.squall.platform.Units;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --shutdown-timeout 30s}: the launcher's durations take units like the descriptor's; a bare number is seconds. */
final class SecondsConverter implements ITypeConverter<Integer> {

  @Override
  public Integer convert(String value) {
    if (value.matches("[0-9]{1,9}")) {
      return Integer.valueOf(value);
    }
    Long millis = Units.millis(value);
    if (millis == null || millis % 1000 != 0 || millis / 1000 > Integer.MAX_VALUE) {
      throw new TypeConversionException("'" + value + "' is not a whole number of seconds (20, 20s, 2m)");
    }
    return (int) (millis / 1000);
  }
}
