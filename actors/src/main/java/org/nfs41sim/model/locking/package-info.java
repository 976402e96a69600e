/**
 * Byte-range locking shared by the server's lock state and the client's VFS lock list: the
 * conflict rule of RFC 8881 §18.10 and POSIX replace-and-split semantics.
 */
package org.nfs41sim.model.locking;
