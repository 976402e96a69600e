/**
 * Scripted conformance scenarios for the server, in the manner of pynfs: a HOCON script
 * (docs/scenario-scripts.md) names clients, a file set and steps; each client is a protocol-level
 * driver that sends exactly the operations written and answers CB_RECALL by a fixed policy; each
 * step's reply is checked against expectations taken from RFC 8881.
 *
 * <p>{@link org.nfs41sim.sim.script.ScriptParser} checks a whole script before anything runs (every
 * mistake one {@link org.nfs41sim.sim.config.ConfigError} naming file:line and the field);
 * {@link org.nfs41sim.sim.script.ScriptRunner} runs it on the deterministic runtime: host
 * {@code server} with {@link org.nfs41sim.model.server.Server}, one host per client (fore channel
 * {@code ScriptClient}, back channel {@code ScriptCallbacks}, both reaching the server through
 * links), and {@code ScriptDriver}, which performs the steps in order.
 *
 * <p>May use the protocol records, the server model, {@code sim.world}, {@code sim.net} and
 * {@code sim.config}. Only the command line depends on it.
 */
package org.nfs41sim.sim.script;
