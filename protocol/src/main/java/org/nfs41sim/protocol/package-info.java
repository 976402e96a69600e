/**
 * Wire types of nfs41sim: plain Java records and the Protobuf schemas that carry them between
 * JVMs and into files. Nothing here knows Pekko, actors or how a run is driven.
 *
 * <p>{@code org.nfs41sim.protocol.schedule} is generated from {@code schedule.proto}: the saved
 * choice sequence of a deterministic run.
 */
package org.nfs41sim.protocol;
