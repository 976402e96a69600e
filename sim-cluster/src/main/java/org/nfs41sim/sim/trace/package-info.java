/**
 * Traces: every message delivered between model actors in one run, recorded as length-delimited
 * Protobuf records (protocol/trace.proto, docs/trace-format.md), read back even when cut short,
 * and exported for other tools (text, ShiViz, Perfetto, Mermaid). Recording is a delivery
 * listener and a fact observer: calls, not messages, so it cannot change a run.
 */
package org.nfs41sim.sim.trace;
