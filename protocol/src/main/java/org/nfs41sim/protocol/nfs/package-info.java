/**
 * The NFSv4.1 operations nfs41sim models, as plain records named as in RFC 8881: requests and
 * their replies, the CB_RECALL callback, stateids and status codes. They are the contract between
 * the client and server models; the client model may add records, never change these.
 * {@link org.nfs41sim.protocol.nfs.NfsCodec} turns them into bytes and back, through Protobuf
 * messages generated from {@code nfs41sim/nfs.proto} into {@code org.nfs41sim.protocol.nfs.wire},
 * which nothing but the codec should use.
 */
package org.nfs41sim.protocol.nfs;
