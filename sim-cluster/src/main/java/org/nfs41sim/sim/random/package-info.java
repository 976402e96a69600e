/**
 * Seeded randomness: {@link org.nfs41sim.sim.random.RandomSource} and the named streams of one
 * root seed (workload, faults, network, scheduler). Nothing else in a deterministic run may draw
 * a random number.
 */
package org.nfs41sim.sim.random;
