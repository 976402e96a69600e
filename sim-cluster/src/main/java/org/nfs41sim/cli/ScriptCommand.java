package org.nfs41sim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.script.Script;
import org.nfs41sim.sim.script.ScriptFiles;
import org.nfs41sim.sim.script.ScriptParser;
import org.nfs41sim.sim.script.ScriptResult;
import org.nfs41sim.sim.script.ScriptRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nfs41sim script FILE...}: run scripted conformance scenarios against the server. */
@Command(
    name = "script",
    header = "Run scripted conformance scenarios against the server.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs conformance scripts (docs/scenario-scripts.md) against the server model, each on the "
          + "deterministic runtime with the seed and strategy of nfs41sim.run, and checks every reply "
          + "against the expectations the script takes from RFC 8881.",
      "Every script is read and checked before any runs. Exits 1 if any script fails, 2 if one is malformed."
    })
public final class ScriptCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "A script, or a directory: every .conf file directly in it, by name.")
  List<Path> paths;

  @Option(names = "--quiet", description = "Print step lines only for scripts that fail.")
  boolean quiet;

  @Option(names = "--verbose", description = "Also print every fact the server reports, between the steps.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Nfs41Config loaded = config.load();
    List<Script> scripts = new ArrayList<>();
    for (Path file : ScriptFiles.expand(paths)) {
      scripts.add(ScriptParser.parse(file, loaded));
    }
    return run(loaded, scripts, spec.commandLine().getOut());
  }

  private int run(Nfs41Config loaded, List<Script> scripts, PrintWriter out) {
    int passed = 0;
    int failed = 0;
    try (ScriptRunner runner = new ScriptRunner(loaded, verbose)) {
      for (Script script : scripts) {
        ScriptResult result = runner.run(script);
        if (!quiet || !result.passed()) {
          out.println("== " + result.source() + ": " + (result.description().isEmpty() ? "" : result.description() + " ")
              + "[" + result.cite() + "]");
          result.lines().forEach(line -> out.println("  " + line));
        }
        if (result.passed()) {
          passed++;
          out.println("PASS " + result.source() + " (" + result.steps() + " steps)");
        } else {
          failed++;
          out.println("FAIL " + result.source() + ": " + result.failure());
        }
        out.flush();
      }
    }
    out.println("scripts: " + passed + " passed, " + failed + " failed");
    return failed == 0 ? 0 : 1;
  }
}
