/**
 * Facts: what the model reports to oracles and traces through one synchronous {@link
 * org.nfs41sim.model.facts.Observer} it is handed at creation.
 */
package org.nfs41sim.model.facts;
