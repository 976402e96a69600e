package org.nfs41sim.model.facts;

/**
 * Something the model reports because an oracle or a trace needs it (DESIGN.md, "Facts"). Facts
 * are reported synchronously, not sent: reporting one is not a scheduling point.
 */
public interface Fact {}
