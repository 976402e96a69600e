package org.nfs41sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules every model source obeys so that it runs deterministically under the driver: no Java-DSL
 * ask (its callbacks run on the common pool), no wall clock, no unseeded randomness.
 */
class ModelRulesTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "AskPattern|\\.ask\\(|System\\.(currentTimeMillis|nanoTime)|Clock\\.system|Instant\\.now"
          + "|LocalDateTime\\.now|ThreadLocalRandom|new (Split|Secure)?Random\\(|Math\\.random|UUID\\.randomUUID"
          + "|restartWithBackoff|\\.withLimit\\(|(Hash|Identity)(Map|Set)<ActorRef");

  @Test
  void modelSourcesUseNoAskNoClockAndNoUnseededRandom() throws IOException {
    List<String> offences;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offences = files.filter(f -> f.toString().endsWith(".java"))
          .flatMap(ModelRulesTest::offences)
          .toList();
    }

    assertThat(offences).isEmpty();
  }

  private static Stream<String> offences(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return java.util.stream.IntStream.range(0, lines.size())
          .filter(i -> FORBIDDEN.matcher(lines.get(i)).find())
          .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
