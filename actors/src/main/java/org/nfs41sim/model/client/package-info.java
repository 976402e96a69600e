/**
 * The Linux NFSv4.1 client model (kernel fs/nfs) before and after d25be546a86f; docs/model.md
 * maps every kernel function to it. {@link org.nfs41sim.model.client.NfsClient} is the client's
 * shared memory (ids, NFS4CLNT bits, the session drain, inodes, delegations, state owners); the
 * sleeping agents are its {@link org.nfs41sim.model.client.StateManager}, {@link
 * org.nfs41sim.model.client.Renewd}, the callback service and the {@link
 * org.nfs41sim.model.client.Application} processes; a {@link
 * org.nfs41sim.model.client.DelegationReturn} runs one return in its caller's context, the way
 * the {@link org.nfs41sim.model.client.ClientVariant} says. Uses the protocol records, the
 * server's callback message, Pekko Typed and the facts.
 */
package org.nfs41sim.model.client;
