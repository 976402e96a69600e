/**
 * Protocols the runtime demonstrates and tests itself with, before and beside the NFS model: a
 * commit protocol with a planted ordering bug (what {@code demo} shows until the model exists),
 * and a churning workload that exercises every runtime feature for the determinism check.
 */
package org.nfs41sim.sim.showcase;
