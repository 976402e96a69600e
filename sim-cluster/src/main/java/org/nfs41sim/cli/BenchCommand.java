package org.nfs41sim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nfs41sim bench}: groups the benchmarks; does nothing by itself. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Benchmarks of nfs41sim itself.",
    description = "Pick one of the subcommands below.",
    subcommands = {BenchRuntimeCommand.class, BenchTraceCommand.class, BenchViewerCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw CliErrors.missingSubcommand(spec);
  }
}
