package org.nfs41sim.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void literalGlobMatchesOnlyItself() {
    assertThat(Glob.matches("server", "server")).isTrue();
    assertThat(Glob.matches("server", "server-2")).isFalse();
    assertThat(Glob.matches("server", "serve")).isFalse();
  }

  @Test
  void starMatchesAnyRunOfCharactersIncludingNone() {
    assertThat(Glob.matches("*", "")).isTrue();
    assertThat(Glob.matches("*", "anything")).isTrue();
    assertThat(Glob.matches("client-*", "client-")).isTrue();
    assertThat(Glob.matches("client-*", "client-12")).isTrue();
    assertThat(Glob.matches("client-*", "server")).isFalse();
    assertThat(Glob.matches("*-2", "client-2")).isTrue();
    assertThat(Glob.matches("*-2", "client-3")).isFalse();
  }

  @Test
  void severalStarsBacktrack() {
    assertThat(Glob.matches("a*b*c", "axxbyybzzc")).isTrue();
    assertThat(Glob.matches("a*b*c", "axxbyyzz")).isFalse();
    assertThat(Glob.matches("**x", "x")).isTrue();
    assertThat(Glob.matches("*ab", "aab")).isTrue();
  }

  @Test
  void otherCharactersAreLiteral() {
    assertThat(Glob.matches("a.b", "a.b")).isTrue();
    assertThat(Glob.matches("a.b", "axb")).isFalse();
    assertThat(Glob.matches("a?", "ab")).isFalse();
  }
}
