package org.nfs41sim.protocol.nfs;

/** open_delegation_type4 (RFC 8881 §18.16.1); NONE also stands for OPEN_DELEGATE_NONE_EXT. */
public enum OpenDelegationType {
  NONE, READ, WRITE
}
