/**
 * The generated workload of a scenario run: what each process of each client does, drawn from the
 * run's workload stream before the run starts, so that both client variants of one seed get the
 * same steps. Uses the model's step records and {@code sim.config}; nothing here runs actors.
 */
package org.nfs41sim.sim.workload;
