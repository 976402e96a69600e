/**
 * The Linux NFSv4.1 client model (kernel fs/nfs), in the making: so far the inode's rwsem as a
 * wait point whose sleepers are queued requests and whose every hold and wait is a fact. The
 * actors (NfsClient with its state manager and renewd, Inode, Delegation, StateOwner, the
 * callback service, Application) follow; docs/model.md will map each kernel function to them.
 */
package org.nfs41sim.model.client;
