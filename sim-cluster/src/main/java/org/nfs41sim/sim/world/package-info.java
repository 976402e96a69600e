/**
 * Runs of a model on the deterministic runtime: a {@link org.nfs41sim.sim.world.DeterministicSystem}
 * owns one Pekko system and its driver and runs {@link org.nfs41sim.sim.world.Scenario}s on it,
 * one after another, each a pure function of its {@link org.nfs41sim.sim.world.RunSpec}.
 */
package org.nfs41sim.sim.world;
