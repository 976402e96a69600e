/**
 * The {@code nfs41sim} command line (picocli): {@link org.nfs41sim.cli.Main} registers the
 * subcommands, {@link org.nfs41sim.cli.ConfigOptions} gives each the {@code --config}/{@code --set}
 * flags, and {@link org.nfs41sim.cli.CliErrors} turns every failure into one line on stderr.
 *
 * <p>Exit codes: 0 success, 1 a failed check or an internal error, 2 a usage or configuration error.
 *
 * <p>May use picocli, {@code org.nfs41sim.sim.config} and the runtime packages that do the actual
 * work ({@code org.nfs41sim.sim.*}). Nothing depends on this package.
 */
package org.nfs41sim.cli;
