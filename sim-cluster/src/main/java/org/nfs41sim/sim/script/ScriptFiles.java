package org.nfs41sim.sim.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.nfs41sim.sim.config.ConfigError;

/** The script files a command line names: files as given, directories as every {@code .conf} directly in them. */
public final class ScriptFiles {
  private ScriptFiles() {}

  public static List<Path> expand(List<Path> paths) {
    List<Path> out = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> scripts = inDirectory(path);
        if (scripts.isEmpty()) {
          throw new ConfigError(path + ": no .conf scripts in this directory");
        }
        out.addAll(scripts);
      } else if (Files.isRegularFile(path)) {
        out.add(path);
      } else {
        throw new ConfigError(path + ": no such file or directory");
      }
    }
    return out;
  }

  /** Every {@code .conf} file directly in {@code dir}, by name. */
  public static List<Path> inDirectory(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
