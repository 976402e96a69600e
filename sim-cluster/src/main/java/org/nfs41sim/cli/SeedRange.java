package org.nfs41sim.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A seed range {@code A..B}, both ends included, A <= B (a single seed {@code N} is {@code N..N}). */
record SeedRange(long first, long last) {

  long count() {
    return last - first + 1;
  }

  /** picocli converter. */
  static final class Converter implements ITypeConverter<SeedRange> {
    @Override
    public SeedRange convert(String value) {
      String v = value.strip();
      int dots = v.indexOf("..");
      try {
        if (dots < 0) {
          long n = Long.parseLong(v);
          return new SeedRange(n, n);
        }
        long a = Long.parseLong(v.substring(0, dots).strip());
        long b = Long.parseLong(v.substring(dots + 2).strip());
        if (b < a) {
          throw new TypeConversionException("'" + value + "' is empty: the last seed is below the first");
        }
        if (b - a >= Integer.MAX_VALUE - 1 || b - a < 0) {
          throw new TypeConversionException("'" + value + "' has too many seeds");
        }
        return new SeedRange(a, b);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a seed range like 1..1000");
      }
    }
  }
}
