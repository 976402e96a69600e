package org.nfs41sim.sim.world;

import java.util.List;
import org.nfs41sim.sim.config.ConfigLoader;

/** Run specs for tests: the defaults, with {@code --set}-style overrides. */
public final class Specs {
  private Specs() {}

  public static RunSpec with(String... sets) {
    return RunSpec.from(ConfigLoader.loadString("", "test", List.of(sets)));
  }
}
