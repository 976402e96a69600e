/**
 * The Linux NFSv4.1 client model (kernel fs/nfs), in the making; docs/model.md maps it to the
 * kernel. Built so far: {@link org.nfs41sim.model.client.NfsClient} (the client's ids, NFS4CLNT
 * bits, MANAGER_RUNNING and session drain), its {@link org.nfs41sim.model.client.StateManager}
 * (lease establishment, session reset, RECLAIM_COMPLETE) and {@link
 * org.nfs41sim.model.client.Renewd}; and the building blocks of the state to come: {@link
 * org.nfs41sim.model.client.Delegation} with one transition table for the LEGACY and FIXED
 * variants, the inode's {@link org.nfs41sim.model.client.Rwsem}, a state owner's {@link
 * org.nfs41sim.model.client.SeqCount}, and the {@link org.nfs41sim.model.client.SessionDrain}.
 */
package org.nfs41sim.model.client;
