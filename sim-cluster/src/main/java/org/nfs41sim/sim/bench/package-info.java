/**
 * Benchmarks, measured with JMH: {@code nfs41sim bench runtime} compares the controlled
 * dispatcher with Pekko's own fork-join executor on ping-pong pairs.
 */
package org.nfs41sim.sim.bench;
