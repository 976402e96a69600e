/**
 * The Linux NFSv4.1 client model (kernel fs/nfs), in the making. So far its building blocks:
 * {@link org.nfs41sim.model.client.Delegation}, the client's copy of a delegation with the
 * kernel's flags and one transition table for the LEGACY and FIXED variants; {@link
 * org.nfs41sim.model.client.Rwsem}, the inode's rwsem as a wait point whose sleepers are queued
 * requests and whose every hold and wait is a fact; {@link org.nfs41sim.model.client.SeqCount},
 * a state owner's so_reclaim_seqcount; and {@link org.nfs41sim.model.client.SessionDrain}, the
 * session drain that holds ordinary RPCs back while the state manager recovers. The actors
 * (NfsClient with its state manager and renewd, the callback service, Application) follow;
 * docs/model.md will map each kernel function to them.
 */
package org.nfs41sim.model.client;
