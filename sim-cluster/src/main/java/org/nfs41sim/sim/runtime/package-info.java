/**
 * The deterministic runtime: Pekko's extension points (executor, scheduler, mailbox) handing all
 * work to one {@link org.nfs41sim.sim.runtime.Driver}, which runs it in the order of a seeded
 * {@link org.nfs41sim.sim.runtime.SchedulingStrategy} on a virtual clock. Uses Pekko and the
 * seeded random source only; knows nothing of the model.
 */
package org.nfs41sim.sim.runtime;
