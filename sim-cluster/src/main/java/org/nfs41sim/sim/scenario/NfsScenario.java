package org.nfs41sim.sim.scenario;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.model.client.ClientSettings;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.oracle.Oracles;
import org.nfs41sim.sim.runtime.DeliveryListener;
import org.nfs41sim.sim.trace.TraceWriter;
import org.nfs41sim.sim.workload.Workload;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.World;

/**
 * One run of the NFS world: the server (host {@code server}, with an operator that reboots it at
 * the plan's instants), and per client host its NFS client and its processes with their steps.
 * Every fact goes to the oracles, the fault injector and the optional trace. The workload is done
 * when every process has returned from its last call; the run then goes on until recovery is
 * quiet (or the horizon).
 */
final class NfsScenario implements Scenario, DeliveryListener {
  private final Nfs41Config config;
  private final ClientVariant variant;
  private final Workload workload;
  private final FaultPlan plan;
  private final TraceWriter log;
  private final long callsPlanned;
  private Oracles oracles;
  private FaultInjector injector;
  private World world;
  private long callsReturned;

  NfsScenario(Nfs41Config config, ClientVariant variant, Workload workload, FaultPlan plan, TraceWriter log) {
    this.config = config;
    this.variant = variant;
    this.workload = workload;
    this.plan = plan;
    this.log = log;
    this.callsPlanned = workload.clients().stream().flatMap(c -> c.processes().stream())
        .mapToLong(p -> p.steps().stream().filter(s -> !(s instanceof Application.Pause)).count()).sum();
  }

  @Override
  public void build(World world) {
    this.world = world;
    this.oracles = new Oracles(workload.clients().stream().map(Workload.Client::name).toList(),
        world.network()::inFlight, config.server().recallTimeout());
    this.injector = new FaultInjector(plan, oracles.returns());
    Observer observer = this::report;

    Host serverHost = world.host("server");
    ActorRef<Server.Command> server = serverHost.spawn(
        Server.create(config.server().settings(workload.files()), observer), "nfsd");
    injector.wire(server, world.network(), oracles);
    if (!plan.rebootsAt().isEmpty() || !plan.connectionLosses().isEmpty() || !plan.partitions().isEmpty()) {
      serverHost.spawn(operator(), "operator");
    }
    Duration renew = config.client().renewInterval();
    for (Workload.Client c : workload.clients()) {
      Host host = world.host(c.name());
      ActorRef<NfsClient.Command> nfs = host.spawn(
          NfsClient.create(new ClientSettings(c.name(), variant, renew), host.linkTo(server), observer), "nfs");
      for (Workload.Process p : c.processes()) {
        host.spawn(Application.create(c.name(), p.name(), nfs, p.steps(), observer), p.name());
      }
    }
  }

  /** What the operator's timers start: a random reboot, or a cut beginning or ending. */
  private record Operate(Runnable action) {}

  /** Carries out the plan's timed faults at their instants: random reboots, lost connections, partitions. */
  private Behavior<Operate> operator() {
    return Behaviors.setup(ctx -> {
      for (Duration at : plan.rebootsAt()) {
        ctx.scheduleOnce(at, ctx.getSelf(), new Operate(injector::randomReboot));
      }
      for (FaultPlan.Cut cut : plan.connectionLosses()) {
        ctx.scheduleOnce(cut.at(), ctx.getSelf(), new Operate(() -> injector.cutStarts(cut, false)));
        ctx.scheduleOnce(cut.at().plus(cut.length()), ctx.getSelf(), new Operate(() -> injector.cutEnds(cut, false)));
      }
      for (FaultPlan.Cut cut : plan.partitions()) {
        ctx.scheduleOnce(cut.at(), ctx.getSelf(), new Operate(() -> injector.cutStarts(cut, true)));
        ctx.scheduleOnce(cut.at().plus(cut.length()), ctx.getSelf(), new Operate(() -> injector.cutEnds(cut, true)));
      }
      return Behaviors.receive(Operate.class).onMessage(Operate.class, o -> {
        o.action().run();
        return Behaviors.same();
      }).build();
    });
  }

  private void report(Fact fact) {
    if (fact instanceof ClientFact.OpReturned) {
      callsReturned++;
    }
    oracles.report(fact);
    injector.report(fact);
    if (log != null) {
      log.fact(fact);
    }
  }

  @Override
  public void delivered(long event, long timeNanos, String sender, String receiver, long cause, Object message) {
    oracles.delivered(event, timeNanos, cause, receiver, message);
    if (log != null) {
      log.delivered(event, timeNanos, sender, receiver, cause, message);
    }
    injector.delivered(event, receiver, message);
  }

  /** Every process has returned from its last call, and recovery is quiet. */
  @Override
  public boolean done() {
    return callsReturned >= callsPlanned && oracles.quiet();
  }

  @Override
  public void settled() {
    oracles.settled(world.nowNanos());
  }

  Oracles oracles() {
    return oracles;
  }

  FaultInjector injector() {
    return injector;
  }
}
