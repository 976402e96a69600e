/**
 * Scenario runs of the NFS model: a scenario file (config/scenarios/NAME.conf) sets the workload,
 * faults and time constants; {@link NfsScenario} builds the server, the clients and their
 * processes for one seed and variant; {@link FaultInjector} reboots the server at planned
 * instants and during delegation returns; {@link ScenarioRun} runs one seed under the oracles;
 * {@link Explorer} runs many in parallel. Uses the model, the runtime, the oracles and the config.
 */
package org.nfs41sim.sim.scenario;
