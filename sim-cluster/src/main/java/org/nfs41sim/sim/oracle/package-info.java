/**
 * Oracles: checkers that read the model's facts and report violations with the facts that prove
 * them. So far the wait-for graph of the client's wait points, whose cycles are deadlocks.
 */
package org.nfs41sim.sim.oracle;
