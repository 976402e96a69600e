package org.nfs41sim.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point: the top-level {@code nfs41sim} command and the one place subcommands are registered. */
@Command(
    name = "nfs41sim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Finds, replays and explains races in NFSv4.1 client state recovery, "
        + "by running the model under a deterministic, seeded scheduler.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ExploreCommand.class,
      ReplayCommand.class,
      TraceCommand.class,
      ShowcaseCommand.class,
      DeterminismCommand.class,
      ScriptCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 success, 1 a failed check or internal error, 2 a usage or configuration error.",
      "Set NFS41SIM_DEBUG=1 to get stack traces of internal errors."
    })
public final class Main implements Callable<Integer> {
  /** Environment variable that turns on stack traces for internal errors. */
  static final String DEBUG_ENV = "NFS41SIM_DEBUG";

  /** Columns of --help output. */
  private static final int USAGE_WIDTH = 100;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line on System.out/System.err and returns the exit code. */
  public static int run(String... args) {
    return run(System.out, System.err, args);
  }

  /** Runs the command line with the given streams and returns the exit code (for tests). */
  public static int run(PrintStream out, PrintStream err, String... args) {
    boolean debug = "1".equals(System.getenv(DEBUG_ENV));
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    try {
      return commandLine(outWriter, errWriter, debug).execute(args);
    } catch (RuntimeException | Error e) {
      // Only reached if picocli itself fails, e.g. while building the command model.
      return CliErrors.internalError(e, errWriter, debug);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** The configured picocli CommandLine; out/err are set after all subcommands are registered. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
    CommandLine cli = new CommandLine(new Main());
    CliErrors errors = new CliErrors(debug);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(USAGE_WIDTH);
    styleHelp(cli);
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    cli.setOut(out);
    cli.setErr(err);
    return cli;
  }

  /** Same --help layout for every command: blank lines between the sections. */
  private static void styleHelp(CommandLine cli) {
    cli.getCommandSpec().usageMessage()
        .synopsisHeading(cli.getCommandSpec().usageMessage().header().length > 0 ? "%nUsage: " : "Usage: ")
        .descriptionHeading("%n")
        .optionListHeading("%nOptions:%n")
        .parameterListHeading("%nParameters:%n")
        .commandListHeading("%nCommands:%n");
    if (!cli.getSubcommands().isEmpty()) {
      cli.getCommandSpec().usageMessage().synopsisSubcommandLabel("COMMAND");
    }
    cli.getSubcommands().values().forEach(Main::styleHelp);
  }

  /** Without a subcommand there is nothing to do. */
  @Override
  public Integer call() {
    throw CliErrors.missingSubcommand(spec);
  }
}
