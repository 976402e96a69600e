package org.nfs41sim.protocol.nfs;

/**
 * The client's answer to a CB_RECALL (§20.2.4). {@code stateId} names the recall it answers; on
 * the wire the callback's slot says that.
 */
public record CbRecallReply(NfsStat4 status, StateId stateId) {}
