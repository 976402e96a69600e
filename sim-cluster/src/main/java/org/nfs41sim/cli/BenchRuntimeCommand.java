package org.nfs41sim.cli;

import org.nfs41sim.sim.bench.RuntimeBench;
import org.openjdk.jmh.runner.RunnerException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim bench runtime}: throughput of the deterministic runtime. */
@Command(
    name = "runtime",
    header = "Throughput of the deterministic runtime.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Measures how many messages per second the deterministic runtime delivers, with P pairs "
          + "of actors sending to each other, for each P in --pairs.",
      "Each measurement runs --warmup-seconds unmeasured, then --seconds measured, --repeats times."
    })
public final class BenchRuntimeCommand implements Callable<Integer> {
  @Option(
      names = "--pairs",
      paramLabel = "LIST",
      hideParamSyntax = true,
      split = ",",
      defaultValue = "1,1000",
      converter = PositiveInt.class,
      description = "Comma-separated numbers of actor pairs, each > 0 (default: ${DEFAULT-VALUE}).")
  List<Integer> pairs;

  @Option(
      names = "--seconds",
      paramLabel = "N",
      defaultValue = "5",
      converter = PositiveInt.class,
      description = "Measured seconds per repeat (> 0; default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--warmup-seconds",
      paramLabel = "N",
      defaultValue = "3",
      converter = PositiveInt.class,
      description = "Unmeasured warm-up seconds before each repeat (> 0; default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--repeats",
      paramLabel = "N",
      defaultValue = "3",
      converter = PositiveInt.class,
      description = "Measured repeats per pair count (> 0; default: ${DEFAULT-VALUE}).")
  int repeats;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws RunnerException {
    return benchRuntime(spec.commandLine().getOut());
  }

  int benchRuntime(PrintWriter out) throws RunnerException {
    PrintWriter err = spec.commandLine().getErr();
    List<RuntimeBench.Figure> figures = RuntimeBench.run(pairs, seconds, warmupSeconds, repeats, err);
    err.flush();
    RuntimeBench.print(figures, out);
    return 0;
  }
}
