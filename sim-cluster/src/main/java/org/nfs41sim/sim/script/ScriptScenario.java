package org.nfs41sim.sim.script;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.World;

/**
 * The world of one script run: host {@code server} with the server, one host per script client
 * with its fore channel ({@code client}) and back channel ({@code callbacks}), each reaching the
 * server through its host's link, and host {@code script} with the driver. Done when the script
 * has finished.
 */
final class ScriptScenario implements Scenario {
  private final Script script;
  private final boolean verbose;
  private ScriptLog log;

  ScriptScenario(Script script, boolean verbose) {
    this.script = script;
    this.verbose = verbose;
  }

  @Override
  public void build(World world) {
    log = new ScriptLog(world::nowNanos, verbose);
    ActorRef<Server.Command> server = world.host("server")
        .spawn(Server.create(script.server().settings(script.files()), log::fact), "nfsd");
    Map<String, ActorRef<ScriptClient.Command>> clients = new LinkedHashMap<>();
    Map<String, ActorRef<ScriptCallbacks.Command>> callbacks = new LinkedHashMap<>();
    for (String name : script.clients()) {
      Host host = world.host(name);
      ActorRef<Server.Command> link = host.linkTo(server);
      clients.put(name, host.spawn(ScriptClient.create(name, link), "client"));
      callbacks.put(name, host.spawn(ScriptCallbacks.create(name, link), "callbacks"));
    }
    world.host("script").spawn(ScriptDriver.create(script, log, server, clients, callbacks), "driver");
  }

  @Override
  public boolean done() {
    return log != null && log.finished();
  }

  /** The run's log; null before the run built its world. */
  ScriptLog log() {
    return log;
  }
}
