package org.nfs41sim.model.client;

import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;

/**
 * struct nfs_client and the client's shared kernel memory (docs/model.md): the client id and
 * session, the NFS4CLNT_* bits, MANAGER_RUNNING, and the session drain every RPC passes. Each
 * message is one atomic section of a kernel path; the sleeping agents (the state manager,
 * renewd) are actors of their own that send them.
 *
 * <p>So far it mounts (the state manager's lease establishment and RECLAIM_COMPLETE) and recovers
 * its lease and session after a server reboot; open and lock state, the callback service and
 * delegation return come next.
 */
public final class NfsClient extends AbstractBehavior<NfsClient.Command> {
  /** The state manager's name in facts. */
  public static final String STATE_MANAGER = "state-manager";

  /** What the client accepts. */
  public sealed interface Command {}

  /**
   * An agent's RPC (rpc_call_sync): the client fills in its client id and session id, and the
   * session drain decides when it goes out. The reply goes straight to {@code replyTo}.
   */
  public record Rpc(String agent, NfsRequest request, boolean privileged, ActorRef<NfsReply> replyTo)
      implements Command {}

  /** Sets a bit and starts the state manager unless it runs (nfs4_schedule_state_manager). */
  public record Schedule(ClientBit bit) implements Command {}

  /** The state manager asks for its next piece of work, in the loop's order. */
  record NextWork(ActorRef<StateManager.Command> replyTo) implements Command {}

  /** EXCHANGE_ID gave a client id; reboot reclaim follows (nfs4_reclaim_lease). */
  record LeaseEstablished(long clientId) implements Command {}

  /** CREATE_SESSION gave a session. */
  record SessionEstablished(long sessionId) implements Command {}

  /** nfs4_begin_drain_session, by the state manager. */
  enum BeginDrain implements Command { INSTANCE }

  /** CREATE_SESSION said STALE_CLIENTID: the server restarted (nfs4_handle_reclaim_lease_error). */
  enum ClientIdStale implements Command { INSTANCE }

  private final String name;
  private final Observer observer;
  private final ActorRef<Server.Command> server;
  private final ClientSettings settings;
  private final SessionDrain<Rpc> drain;
  private final EnumSet<ClientBit> bits = EnumSet.noneOf(ClientBit.class);
  private final ActorRef<StateManager.Command> stateManager;
  private boolean managerRunning;
  private boolean renewdStarted;
  private long clientId;
  private long sessionId;

  /** A client that mounts at once: its state manager establishes the lease. */
  public static Behavior<Command> create(ClientSettings settings, ActorRef<Server.Command> server,
      Observer observer) {
    return Behaviors.setup(ctx -> new NfsClient(ctx, settings, server, observer));
  }

  private NfsClient(ActorContext<Command> ctx, ClientSettings settings, ActorRef<Server.Command> server,
      Observer observer) {
    super(ctx);
    this.name = settings.name();
    this.settings = settings;
    this.server = server;
    this.observer = observer;
    this.drain = new SessionDrain<>(name, observer);
    this.stateManager = ctx.spawn(StateManager.create(ctx.getSelf(), name), "state-manager");
    schedule(ClientBit.LEASE_EXPIRED); // mount: nfs4_init_clientid through the state manager
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Rpc.class, this::onRpc)
        .onMessage(Schedule.class, s -> {
          schedule(s.bit());
          return this;
        })
        .onMessage(NextWork.class, this::onNextWork)
        .onMessage(LeaseEstablished.class, this::onLeaseEstablished)
        .onMessage(SessionEstablished.class, this::onSessionEstablished)
        .onMessageEquals(BeginDrain.INSTANCE, this::onBeginDrain)
        .onMessageEquals(ClientIdStale.INSTANCE, this::onClientIdStale)
        .build();
  }

  private Behavior<Command> onRpc(Rpc rpc) {
    boolean sessionBound = !(rpc.request() instanceof NfsRequest.ExchangeId
        || rpc.request() instanceof NfsRequest.CreateSession);
    if (!sessionBound || drain.admit(rpc.agent(), rpc.privileged(), rpc)) {
      transmit(rpc);
    }
    return this;
  }

  private void transmit(Rpc rpc) {
    server.tell(new Server.Call(Requests.withIds(rpc.request(), clientId, sessionId), rpc.replyTo()));
  }

  private void schedule(ClientBit bit) {
    setBit(bit);
    if (!managerRunning) {
      managerRunning = true;
      observer.report(new ClientFact.Holds(name, "MANAGER_RUNNING", STATE_MANAGER, "running"));
      stateManager.tell(StateManager.Kick.INSTANCE);
    }
  }

  /** The loop of nfs4_state_manager: the first bit in its order, the end of the drain, or done. */
  private Behavior<Command> onNextWork(NextWork ask) {
    for (ClientBit bit : List.of(ClientBit.LEASE_EXPIRED, ClientBit.SESSION_RESET, ClientBit.RECLAIM_REBOOT)) {
      if (clearBit(bit)) {
        ask.replyTo().tell(new StateManager.Work(bit));
        return this;
      }
    }
    if (drain.draining()) {
      drain.end().forEach(this::transmit); // nfs4_end_drain_session: sleepers go out in order
    }
    if (clearBit(ClientBit.DELEGRETURN)) {
      ask.replyTo().tell(new StateManager.Work(ClientBit.DELEGRETURN));
      return this;
    }
    managerRunning = false; // clear MANAGER_RUNNING: nfs4_wait_clnt_recover waiters wake
    observer.report(new ClientFact.Released(name, "MANAGER_RUNNING", STATE_MANAGER));
    ask.replyTo().tell(new StateManager.Work(null));
    return this;
  }

  private Behavior<Command> onLeaseEstablished(LeaseEstablished lease) {
    clientId = lease.clientId();
    setBit(ClientBit.RECLAIM_REBOOT); // reclaim what the lost lease held, then RECLAIM_COMPLETE
    return this;
  }

  private Behavior<Command> onSessionEstablished(SessionEstablished session) {
    sessionId = session.sessionId();
    if (!renewdStarted) {
      renewdStarted = true;
      getContext().spawn(Renewd.create(getContext().getSelf(), settings.renewInterval()), "renewd");
    }
    return this;
  }

  private Behavior<Command> onBeginDrain() {
    if (!drain.draining()) {
      drain.begin(STATE_MANAGER);
    }
    return this;
  }

  private Behavior<Command> onClientIdStale() {
    setBit(ClientBit.LEASE_EXPIRED); // nfs4_state_start_reclaim_reboot follows with the new lease
    return this;
  }

  private void setBit(ClientBit bit) {
    if (bits.add(bit)) {
      observer.report(new ClientFact.BitChanged(name, bit.name(), true));
    }
  }

  private boolean clearBit(ClientBit bit) {
    if (bits.remove(bit)) {
      observer.report(new ClientFact.BitChanged(name, bit.name(), false));
      return true;
    }
    return false;
  }
}
