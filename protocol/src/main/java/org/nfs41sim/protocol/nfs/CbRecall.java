package org.nfs41sim.protocol.nfs;

/** CB_RECALL (RFC 8881 §20.2): return the delegation {@code stateId} on {@code file}. */
public record CbRecall(StateId stateId, boolean truncate, String file) {}
