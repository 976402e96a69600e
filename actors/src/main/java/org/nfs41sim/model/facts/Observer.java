package org.nfs41sim.model.facts;

/** Receives the model's facts, on the thread of the actor that reports them. */
@FunctionalInterface
public interface Observer {
  /** Discards every fact. */
  Observer NONE = fact -> {};

  void report(Fact fact);
}
