package org.nfs41sim.sim.config;

/** Host-name globs: {@code *} matches any run of characters (also none); all else is literal. */
public final class Glob {
  private Glob() {}

  /** True when {@code name} matches {@code glob}, e.g. {@code matches("client-*", "client-3")}. */
  public static boolean matches(String glob, String name) {
    int g = 0;
    int n = 0;
    int star = -1; // position in glob of the last '*' seen
    int resume = 0; // position in name where that '*' match would continue
    while (n < name.length()) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        resume = n;
      } else if (g < glob.length() && glob.charAt(g) == name.charAt(n)) {
        g++;
        n++;
      } else if (star >= 0) {
        g = star + 1; // let the last '*' swallow one more character
        n = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
