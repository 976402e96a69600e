package org.nfs41sim.sim.script;

import org.nfs41sim.protocol.nfs.StateId;

/**
 * A stateid as a script writes it: a named result ({@code o1}, {@code o1.delegation},
 * {@code o1.seqid-1}), a made-up one ({@code { epoch = 1, serial = 999, seqid = 1 }}), one made
 * from a named result with some parts replaced ({@code { like = o1, seqid = 0 }}), or
 * {@code anonymous} (RFC 8881 §8.2.3). Named ones are resolved when their step runs.
 */
sealed interface StateIdRef {
  /** The reference as the script wrote it, for step lines. */
  String text();

  /**
   * A named result: the open or lock stateid it names, or with {@code delegation} the delegation
   * stateid of the OPEN it names; {@code seqidDelta} is added to the seqid (§8.2.2 generations).
   */
  record Named(String name, boolean delegation, int seqidDelta, String text) implements StateIdRef {}

  /** A stateid given in full. */
  record MadeUp(StateId stateId, String text) implements StateIdRef {}

  /** {@code base} with the parts that are not null replaced. */
  record Like(StateIdRef base, Integer epoch, Long serial, Integer seqid, String text) implements StateIdRef {}
}
