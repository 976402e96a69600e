package org.nfs41sim.sim.random;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The one seeded source of randomness of a run, split into named streams so that drawing more
 * numbers in one stream (say, the scheduler's) never shifts another (say, the workload's).
 */
public final class RandomSource {
  private final SplittableRandom random;

  private RandomSource(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The stream {@code name} of root seed {@code rootSeed}: a pure function of the two. */
  public static RandomSource stream(long rootSeed, String name) {
    return new RandomSource(mix(rootSeed ^ mix(fnv1a(name))));
  }

  public long nextLong() {
    return random.nextLong();
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform in [origin, bound). */
  public long nextLong(long origin, long bound) {
    return random.nextLong(origin, bound);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return random.nextDouble();
  }

  /** True with probability {@code p}; draws nothing when p is 0 or 1, so such knobs cost no draws. */
  public boolean chance(double p) {
    if (p <= 0) {
      return false;
    }
    if (p >= 1) {
      return true;
    }
    return random.nextDouble() < p;
  }

  /** Exponentially distributed with the given mean. */
  public Duration exponential(Duration mean) {
    double u = 1.0 - random.nextDouble(); // in (0, 1]
    return Duration.ofNanos(Math.round(-StrictMath.log(u) * mean.toNanos())); // same bits on every JVM
  }

  // SplitMix64's finalizer: spreads nearby seeds over the whole state space.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  // A stable hash of the stream name (String.hashCode is stable too, but 32 bits is thin).
  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
