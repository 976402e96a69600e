package org.nfs41sim.sim.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.CbRecallReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.net.Network;
import org.nfs41sim.sim.oracle.Oracles;
import org.nfs41sim.sim.oracle.ReturnWatch;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.runtime.MessageRenderer;

/**
 * Carries out a run's {@link FaultPlan} without knowing the client variant. Reboots: the random
 * ones at their instants (the operator actor of {@link NfsScenario} asks for them); the targeted
 * ones right behind the n-th claim RPC of a return to reach the server (it follows returns through
 * the client's facts, {@link ReturnWatch}, and recognises their claims, OPEN CLAIM_DELEG_CUR_FH and
 * the LOCKs the same agent sends after it, as the agent hands them to its client); the ones aimed
 * at recovery right behind the n-th reclaim RPC after an earlier reboot. Lost connections and
 * partitions cut a client off from the server ({@link Network#cut}): requests and replies are held
 * until the cut heals, callbacks are lost; a lost connection also costs the server its back
 * channel. CB_RECALLs are lost or held back by draws from their own stream. Every fault is
 * recorded with the returns it interrupted, and the oracles are told what faults excuse.
 */
final class FaultInjector {
  private final FaultPlan plan;
  private final ReturnWatch returns;
  private final RandomSource callbacks;
  private final Map<String, String> claimingAgents = new TreeMap<>();   // client|agent -> file
  private final Map<String, List<Claim>> sent = new TreeMap<>();        // client -> claims on the way
  private final List<FiredFault> fired = new ArrayList<>();
  /** The kinds of the reboots told to the server and not yet delivered to it, in order. */
  private final ArrayDeque<FaultKind> rebootsOnTheWay = new ArrayDeque<>();
  /** Per cut in progress: returns of its client in progress when it began, and returns started by then. */
  private final Map<FaultPlan.Cut, long[]> cutsInProgress = new LinkedHashMap<>();
  private ActorRef<Server.Command> server;
  private Network network;
  private Oracles oracles;
  private int targetedArmed;
  private int recoveryArmed;
  /** Reclaim RPCs that reached the server since the last reboot, while a recovery reboot is armed. */
  private int reclaimsSinceReboot = -1;

  private record Claim(NfsRequest request, String file) {}

  FaultInjector(FaultPlan plan, ReturnWatch returns) {
    this.plan = plan;
    this.returns = returns;
    this.callbacks = RandomSource.stream(plan.seed(), "faults.callbacks");
  }

  void wire(ActorRef<Server.Command> server, Network network, Oracles oracles) {
    this.server = server;
    this.network = network;
    this.oracles = oracles;
    if (plan.callbackLoss() > 0 || plan.callbackDelay() > 0) {
      network.fates(this::callbackFate);
    }
  }

  void report(Fact fact) {
    if (fact instanceof ClientFact.ReturnEnded e) {
      claimingAgents.remove(e.client() + "|" + e.agent());
    }
  }

  /** The operator's timer for the i-th random reboot went off. */
  void randomReboot() {
    reboot(FaultKind.REBOOT);
  }

  private void reboot(FaultKind kind) {
    rebootsOnTheWay.addLast(kind);
    server.tell(Server.Reboot.INSTANCE);
  }

  /** A cut of the plan begins: {@code partition} tells a partition from a lost connection. */
  void cutStarts(FaultPlan.Cut cut, boolean partition) {
    network.cut(cut.client(), FaultInjector::isCallback);
    oracles.cutOff(cut.client(), true);
    cutsInProgress.put(cut, new long[] {returns.activeCount(cut.client()), returns.startedCount(cut.client())});
    if (!partition) {
      server.tell(new Server.ConnectionLost(cut.client())); // nfsd4_conn_lost
    }
  }

  /** The cut ends: what it held is delivered. */
  void cutEnds(FaultPlan.Cut cut, boolean partition) {
    if (network.heal(cut.client())) { // a lost connection and a partition of one client may overlap
      oracles.cutOff(cut.client(), false);
    }
    long[] before = cutsInProgress.remove(cut);
    int interrupted = (int) (before[0] + returns.startedCount(cut.client()) - before[1]);
    fired.add(new FiredFault(partition ? FaultKind.PARTITION : FaultKind.CONNECTION_LOSS,
        (partition ? "partition" : "lost connection") + " of " + cut.client() + " from " + seconds(cut.at()) + " for "
        + seconds(cut.length()), interrupted));
  }

  /** Every delivery: a claim handed to a client, a claim or a reclaim reaching the server, a reboot. */
  void delivered(long event, String receiver, Object message) {
    if (message instanceof Server.Reboot) {
      FaultKind kind = rebootsOnTheWay.isEmpty() ? FaultKind.REBOOT : rebootsOnTheWay.pollFirst();
      fired.add(new FiredFault(kind, kind.label() + " at event " + event, returns.activeCount(null)));
      reclaimsSinceReboot = recoveryArmed < plan.recoveryAfterReclaims().size() ? 0 : -1;
      return;
    }
    if (message instanceof NfsClient.Rpc rpc && targetedArmed < plan.targetedAfterClaims().size()) {
      String client = Host.of(receiver);
      String file = claimFile(client, rpc);
      if (file != null) {
        sent.computeIfAbsent(client, c -> new ArrayList<>()).add(new Claim(withoutSession(rpc.request()), file));
      }
    } else if (message instanceof Server.Call call) {
      if (targetedArmed < plan.targetedAfterClaims().size()) {
        arrived(event, call.request());
      }
      if (reclaimsSinceReboot >= 0 && isReclaim(call.request())
          && ++reclaimsSinceReboot == plan.recoveryAfterReclaims().get(recoveryArmed)) {
        recoveryArmed++;
        reclaimsSinceReboot = -1;
        reboot(FaultKind.RECOVERY_REBOOT); // right behind this reclaim: it is answered, the next meets the new boot
      }
    }
  }

  private static boolean isReclaim(NfsRequest r) {
    return r instanceof NfsRequest.Open o && o.claim() == OpenClaimType.CLAIM_PREVIOUS
        || r instanceof NfsRequest.Lock l && l.reclaim();
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
          if (r != null && r.claimed() == plan.targetedAfterClaims().get(targetedArmed)) {
            targetedArmed++;
            reboot(FaultKind.TARGETED_REBOOT); // right behind this claim: it is answered, the next meets the new boot
          }
          return;
        }
      }
    }
  }

  /** A CB_RECALL's fate: lost, held back, or delivered, by a draw from the callbacks stream. */
  private long callbackFate(Object message) {
    if (!(message instanceof Server.Callback callback)) {
      return 0;
    }
    double u = callbacks.nextDouble();
    StateId recalled = callback.recall().stateId();
    if (u < plan.callbackLoss()) {
      fired.add(new FiredFault(FaultKind.CALLBACK_LOSS, "CB_RECALL of " + recalled + " lost", 0));
      oracles.callbackFaulted(recalled);
      return Network.DROP;
    }
    if (u < plan.callbackLoss() + plan.callbackDelay()) {
      fired.add(new FiredFault(FaultKind.CALLBACK_DELAY, "CB_RECALL of " + recalled + " held back for "
          + seconds(plan.callbackDelayLength()), 0));
      oracles.callbackFaulted(recalled);
      return plan.callbackDelayLength().toNanos();
    }
    return 0;
  }

  /** What a cut loses: the back channel's traffic, CB_RECALL and its answer. */
  private static boolean isCallback(Object message) {
    Object m = MessageRenderer.payload(message);
    return m instanceof Server.Callback || m instanceof CbRecallReply;
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

  private static String seconds(java.time.Duration d) {
    return String.format(Locale.ROOT, "%.3fs", d.toNanos() / 1e9);
  }

  List<FiredFault> fired() {
    return List.copyOf(fired);
  }

}
