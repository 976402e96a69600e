package org.nfs41sim.sim.script;

import java.util.Set;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;

/**
 * What an operation step expects of its reply. {@code statuses} empty means any status; the other
 * parts are null when not checked. Reply fields are checked only when the status carries them:
 * {@code delegation}, {@code recall}, {@code reclaimNeeded}, {@code flags} and {@code newClientId} on
 * NFS4_OK, {@code denied} on NFS4ERR_DENIED. {@code flags} is SEQUENCE's exact sr_status_flags, as
 * {@link org.nfs41sim.protocol.nfs.SequenceFlags} bits.
 */
record Expectation(Set<NfsStat4> statuses, OpenDelegationType delegation, Boolean recall, Denied denied,
    Boolean reclaimNeeded, Integer flags, Boolean newClientId) {

  /** LOCK4denied as expected (RFC 8881 §18.10.2); null parts are not checked. */
  record Denied(String owner, Long offset, Long length, LockType type, String client) {}
}
