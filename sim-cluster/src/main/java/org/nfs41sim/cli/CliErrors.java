package org.nfs41sim.cli;

import java.io.PrintWriter;
import java.util.List;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.world.ScheduleFile;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into exactly one line on stderr, "nfs41sim: ...": usage and configuration
 * mistakes exit 2, anything else is an internal error and exits 1 (stack trace only with
 * NFS41SIM_DEBUG=1).
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private final boolean debug;

  CliErrors(boolean debug) {
    this.debug = debug;
  }

  /** Bad command line (also a ParameterException thrown by a command's call()). */
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    String help = cli.getCommandSpec().qualifiedName() + " --help";
    cli.getErr().println("nfs41sim: " + describe(ex) + " (see '" + help + "')");
    return USAGE;
  }

  /** An exception escaped a command: a ConfigError anywhere in its causes is the user's mistake. */
  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ConfigError || t instanceof ScheduleFile.BadScheduleException
          || t instanceof org.nfs41sim.sim.trace.TraceFormatException
          || t instanceof org.nfs41sim.sim.trace.TraceExports.TooLongForMermaid) {
        cli.getErr().println("nfs41sim: " + t.getMessage());
        return USAGE;
      }
    }
    return internalError(ex, cli.getErr(), debug);
  }

  /** Prints "nfs41sim: internal error: class: message" (plus the stack trace when debugging). */
  static int internalError(Throwable e, PrintWriter err, boolean debug) {
    String message = e.getMessage() == null ? "" : ": " + oneLine(e.getMessage());
    err.println("nfs41sim: internal error: " + e.getClass().getName() + message);
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /** For commands that only group subcommands and were called without one. */
  static ParameterException missingSubcommand(CommandSpec spec) {
    return new ParameterException(spec.commandLine(), "missing subcommand");
  }

  private static String describe(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      String what;
      if (unmatched.isUnknownOption()) {
        what = "unknown option";
      } else if (!ex.getCommandLine().getSubcommands().isEmpty()) {
        what = "unknown command";
      } else {
        what = "unexpected argument";
      }
      return what + " '" + arg + "'" + didYouMean(unmatched.getSuggestions());
    }
    String message = oneLine(ex.getMessage());
    return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  private static String didYouMean(List<String> suggestions) {
    if (suggestions == null || suggestions.isEmpty()) {
      return "";
    }
    List<String> few = suggestions.subList(0, Math.min(3, suggestions.size()));
    return "; did you mean '" + String.join("' or '", few) + "'?";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
