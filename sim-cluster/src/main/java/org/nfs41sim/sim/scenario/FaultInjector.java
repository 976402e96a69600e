package org.nfs41sim.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.oracle.ReturnWatch;

/**
 * Reboots the server during delegation returns, as the plan says, without knowing the client
 * variant: it follows returns through the client's facts ({@link ReturnWatch}), recognises their
 * claim RPCs (OPEN CLAIM_DELEG_CUR_FH, then the LOCKs the same agent sends) as the agent hands
 * them to its client, and when the n-th of one return reaches the server, queues a reboot right
 * behind it: that claim is answered, the next meets the new instance. The random reboots of the
 * plan are timers of an operator actor (see {@link NfsScenario}).
 */
final class FaultInjector {
  private final FaultPlan plan;
  private final ReturnWatch returns;
  private final Map<String, String> claimingAgents = new TreeMap<>();   // client|agent -> file
  private final Map<String, List<Claim>> sent = new TreeMap<>();        // client -> claims on the way
  private final List<String> fired = new ArrayList<>();
  private ActorRef<Server.Command> server;
  private int armed;

  private record Claim(NfsRequest request, String file) {}

  FaultInjector(FaultPlan plan, ReturnWatch returns) {
    this.plan = plan;
    this.returns = returns;
  }

  void server(ActorRef<Server.Command> server) {
    this.server = server;
  }

  void report(Fact fact) {
    if (fact instanceof ClientFact.ReturnEnded e) {
      claimingAgents.remove(e.client() + "|" + e.agent());
    }
  }

  /** Every delivery: a claim handed to a client, or a claim reaching the server. */
  void delivered(long event, String receiver, Object message) {
    if (armed >= plan.targetedAfterClaims().size()) {
      return;
    }
    if (message instanceof NfsClient.Rpc rpc) {
      String client = host(receiver);
      String file = claimFile(client, rpc);
      if (file != null) {
        sent.computeIfAbsent(client, c -> new ArrayList<>()).add(new Claim(withoutSession(rpc.request()), file));
      }
    } else if (message instanceof Server.Call call) {
      arrived(event, call.request());
    }
  }

  private String claimFile(String client, NfsClient.Rpc rpc) {
    String agent = client + "|" + rpc.agent();
    if (rpc.request() instanceof NfsRequest.Open open && open.claim() == OpenClaimType.CLAIM_DELEG_CUR_FH) {
      claimingAgents.put(agent, open.file());
      return open.file();
    }
    if (rpc.request() instanceof NfsRequest.Lock lock && !lock.reclaim()
        && lock.locker() instanceof NfsRequest.NewLockOwner) {
      return claimingAgents.get(agent);
    }
    return null;
  }

  private void arrived(long event, NfsRequest request) {
    NfsRequest key = withoutSession(request);
    if (key == null) {
      return;
    }
    for (Map.Entry<String, List<Claim>> e : sent.entrySet()) {
      for (Claim c : e.getValue()) {
        if (c.request().equals(key)) {
          e.getValue().remove(c);
          ReturnWatch.Return r = returns.active(e.getKey(), c.file());
          if (r != null && r.claimed() == plan.targetedAfterClaims().get(armed)) {
            fired.add("targeted reboot at event " + event + ": claim " + r.claims() + " of the return of " + c.file()
                + " by " + e.getKey());
            armed++;
            server.tell(Server.Reboot.INSTANCE);
          }
          return;
        }
      }
    }
  }

  /** The request as its agent handed it to the client (before the client filled in its session). */
  private static NfsRequest withoutSession(NfsRequest r) {
    if (r instanceof NfsRequest.Open o) {
      return new NfsRequest.Open(0, 0, o.owner(), o.file(), o.claim(), o.access(), o.deny(), o.create(),
          o.reclaimType(), o.delegStateId());
    }
    if (r instanceof NfsRequest.Lock l) {
      // The client puts the open stateid's latest seqid in as it sends (nfs4_lock_prepare).
      NfsRequest.Locker locker = l.locker() instanceof NfsRequest.NewLockOwner o && o.openStateId() != null
          ? new NfsRequest.NewLockOwner(new StateId(0, o.openStateId().epoch(), o.openStateId().serial()), o.lockOwner())
          : l.locker();
      return new NfsRequest.Lock(0, 0, l.type(), l.reclaim(), l.offset(), l.length(), locker);
    }
    return null;
  }

  /** {@code /user/run/c1.nfs} and its children are on host c1. */
  static String host(String path) {
    int run = path.indexOf("/run/");
    String rest = run < 0 ? path : path.substring(run + "/run/".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  List<String> fired() {
    return List.copyOf(fired);
  }
}
