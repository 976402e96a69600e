/**
 * The simulated network: hosts (named groups of actors) and links between them that delay,
 * reorder, lose, duplicate and partition messages by seeded draws, and that rewrite the refs a
 * message carries so replies cross the network too. Uses the runtime's driver for time.
 */
package org.nfs41sim.sim.net;
