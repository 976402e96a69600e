package org.nfs41sim.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for options that must be a whole number > 0. */
final class PositiveInt implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (n <= 0) {
      throw new TypeConversionException("'" + value + "' must be > 0");
    }
    return n;
  }
}
