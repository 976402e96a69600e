/**
 * The NFSv4.1 server model (RFC 8881): {@link org.nfs41sim.model.server.Server}, the actor, and
 * {@link org.nfs41sim.model.server.ServerState}, its rules for sessions, leases, grace, opens and
 * share reservations, byte-range locks and delegations. Uses the protocol records and Pekko Typed;
 * reports facts through its {@link org.nfs41sim.model.facts.Observer}.
 */
package org.nfs41sim.model.server;
