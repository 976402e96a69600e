package org.nfs41sim.model.client;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;

/**
 * The state manager kthread (kernel: nfs4_state_manager, 3.10), one sequential agent. It asks
 * its client for the next piece of work in the loop's order and does it, sleeping on each RPC:
 * lease establishment (EXCHANGE_ID, CREATE_SESSION), session reset (drain, DESTROY_SESSION,
 * CREATE_SESSION; STALE_CLIENTID means the server restarted), the end of reboot reclaim
 * (RECLAIM_COMPLETE). Reclaiming open, lock and delegation state comes with that state.
 */
final class StateManager extends AbstractBehavior<StateManager.Command> {

  sealed interface Command {}

  /** MANAGER_RUNNING was set: run the loop. */
  enum Kick implements Command { INSTANCE }

  /** The next piece of work, or null when the loop is done. */
  record Work(ClientBit bit) implements Command {}

  private record Replied(NfsReply reply) implements Command {}

  /** What the manager sleeps on. */
  private enum Phase { IDLE, ASKING, EXCHANGE_ID, LEASE_SESSION, DESTROY_SESSION, RESET_SESSION, RECLAIM_COMPLETE }

  private final ActorRef<NfsClient.Command> client;
  private final String ownerId;
  private final ActorRef<NfsReply> replies;
  private Phase phase = Phase.IDLE;

  /** @param ownerId the client owner EXCHANGE_ID presents: the client's name */
  static Behavior<Command> create(ActorRef<NfsClient.Command> client, String ownerId) {
    return Behaviors.setup(ctx -> new StateManager(ctx, client, ownerId));
  }

  private StateManager(ActorContext<Command> ctx, ActorRef<NfsClient.Command> client, String ownerId) {
    super(ctx);
    this.client = client;
    this.ownerId = ownerId;
    this.replies = ctx.messageAdapter(NfsReply.class, Replied::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Kick.INSTANCE, this::onKick)
        .onMessage(Work.class, this::onWork)
        .onMessage(Replied.class, this::onReplied)
        .build();
  }

  private Behavior<Command> onKick() {
    if (phase == Phase.IDLE) {
      askForWork();
    }
    return this;
  }

  private Behavior<Command> onWork(Work work) {
    if (work.bit() == null) {
      phase = Phase.IDLE; // MANAGER_RUNNING is clear now
      return this;
    }
    switch (work.bit()) {
      case LEASE_EXPIRED -> send(Phase.EXCHANGE_ID, new NfsRequest.ExchangeId(0, 0, ownerId));
      case SESSION_RESET -> {
        client.tell(NfsClient.BeginDrain.INSTANCE); // nfs4_reset_session drains first
        send(Phase.DESTROY_SESSION, new NfsRequest.DestroySession(0, 0));
      }
      // nfs4_state_end_reclaim_reboot: nothing is reclaimed yet, so straight to RECLAIM_COMPLETE.
      case RECLAIM_REBOOT -> send(Phase.RECLAIM_COMPLETE, new NfsRequest.ReclaimComplete(0, 0));
      case DELEGRETURN -> askForWork(); // no delegation is held yet
      default -> throw new IllegalStateException("unexpected work " + work.bit());
    }
    return this;
  }

  private Behavior<Command> onReplied(Replied replied) {
    NfsReply reply = replied.reply();
    switch (phase) {
      case EXCHANGE_ID -> {
        if (reply instanceof NfsReply.ExchangeIdReply x && x.ok()) {
          client.tell(new NfsClient.LeaseEstablished(x.clientId()));
          send(Phase.LEASE_SESSION, new NfsRequest.CreateSession(0, 0));
        } else {
          retryLease();
        }
      }
      case LEASE_SESSION, RESET_SESSION -> {
        if (reply instanceof NfsReply.CreateSessionReply s && s.ok()) {
          client.tell(new NfsClient.SessionEstablished(s.sessionId()));
        } else if (reply.status() == NfsStat4.NFS4ERR_STALE_CLIENTID) {
          client.tell(NfsClient.ClientIdStale.INSTANCE); // the server restarted: new lease, reclaim
        } else {
          retryLease();
          return this;
        }
        askForWork();
      }
      case DESTROY_SESSION -> send(Phase.RESET_SESSION, new NfsRequest.CreateSession(0, 0)); // any answer
      case RECLAIM_COMPLETE -> {
        if (reply.status() == NfsStat4.NFS4ERR_BADSESSION) {
          client.tell(new NfsClient.Schedule(ClientBit.SESSION_RESET));
        }
        askForWork(); // OK, or COMPLETE_ALREADY: either way reclaim is over
      }
      default -> throw new IllegalStateException("a reply while " + phase);
    }
    return this;
  }

  private void retryLease() {
    client.tell(new NfsClient.Schedule(ClientBit.LEASE_EXPIRED));
    askForWork();
  }

  private void askForWork() {
    phase = Phase.ASKING;
    client.tell(new NfsClient.NextWork(getContext().getSelf()));
  }

  private void send(Phase next, NfsRequest request) {
    phase = next;
    // Everything the state manager sends is privileged: it must pass its own drain.
    client.tell(new NfsClient.Rpc(NfsClient.STATE_MANAGER, request, true, replies));
  }
}
