/**
 * Oracles: checkers that read the model's facts (and what crosses the network) and report
 * violations with the events that prove them (DESIGN.md, "Oracles"; the search issue's exact
 * definitions). Each checker is named for what it checks; {@link Oracles} feeds them all. They
 * never read the client variant. Uses the model's facts and the runtime's event ids only.
 */
package org.nfs41sim.sim.oracle;
