package org.nfs41sim.sim.workload;

import java.time.Duration;
import java.util.List;
import org.nfs41sim.model.client.Application;

/**
 * A run's workload: its clients in order, each with its processes and their steps, the shared
 * files, and the planned length (the longest process's think time, which fixes the horizon).
 */
public record Workload(List<Client> clients, List<String> files, Duration plannedLength) {

  public record Client(String name, List<Process> processes) {}

  public record Process(String name, List<Application.Step> steps) {}
}
