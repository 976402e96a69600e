package org.nfs41sim.model.client;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.locking.LockTable;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.CbRecallReply;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * struct nfs_client and the client's shared kernel memory (docs/model.md): the client id and
 * session, the NFS4CLNT_* bits, MANAGER_RUNNING, the session drain every RPC passes, the inodes
 * with their delegations, rwsems and VFS lock lists, and the state owners with their open and
 * lock states. Each message is one atomic section of a kernel path; the sleeping agents (the
 * state manager, renewd, the callback service, processes) are actors of their own that send them.
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

  /** nfs4_wait_clnt_recover: wake {@code replyTo} (agent {@code agent}) once the state manager is not running. */
  public record AwaitRecovery(String agent, ActorRef<Application.Command> replyTo) implements Command {}

  /** A process waits for the mount to finish before its first call. */
  public record AwaitMount(String agent, ActorRef<Application.Command> replyTo) implements Command {}

  /** nfs4_try_open_cached: open under the inode's delegation if it allows, else say an OPEN is needed. */
  record OpenCached(String process, String file, ShareAccess access, ActorRef<Application.Command> replyTo)
      implements Command {}

  /** An OPEN came back OK: nfs4_opendata_to_nfs4_state, nfs_inode_set_delegation, update_open_stateid. */
  record OpenReplied(String process, String file, ShareAccess access, NfsReply.OpenReply reply,
      ActorRef<Application.Command> replyTo) implements Command {}

  /** nfs4_close_state: drop one open; the last one goes to the server if it knows the open. */
  record CloseLocal(String process, String file, ActorRef<Application.Command> replyTo) implements Command {}

  /** An application's OPEN of {@code file} was answered with an error (OpenReplied carries the successes). */
  record OpenAnswered(String file) implements Command {}

  /** nfs4_callback_recall: find the delegation, mark it RETURN, kick the state manager. */
  record RecallDelegation(CbRecall recall, ActorRef<CbRecallReply> replyTo) implements Command {}

  /** The state manager's DELEGRETURN step: start returning the next marked delegation. */
  record StartMarkedReturn(ActorRef<StateManager.Command> replyTo) implements Command {}

  /**
   * A claim OPEN (CLAIM_DELEG_CUR_FH) came back OK for {@code owner}'s open of {@code file}; the
   * answer is the owner's cached locks to claim next (nfs_delegation_claim_locks).
   */
  record OpenClaimed(String owner, String file, StateId openStateId, ActorRef<DelegationReturn.Command> replyTo)
      implements Command {}

  /** nfs4_inode_return_delegation from a process (chmod, unlink, open for write under a read delegation). */
  record StartSyncReturn(String process, String file, ActorRef<Application.Command> replyTo) implements Command {}

  /** FIXED, synchronous: after recovery, what is left to claim (nfs_end_delegation_return's loop). */
  record RescanReturn(String file, ActorRef<DelegationReturn.Command> replyTo) implements Command {}

  /** read_seqcount_retry for each claimed owner. */
  record CheckSeqs(Map<String, Integer> seqs, ActorRef<DelegationReturn.Command> replyTo) implements Command {}

  /** nfs4_do_reclaim: the next state owner to reclaim (reboot or nograce marks), its seqcount now write-held. */
  record NextReclaim(boolean nograce, ActorRef<StateManager.Command> replyTo) implements Command {}

  /**
   * A CLAIM_PREVIOUS OPEN came back OK (nfs4_open_reclaim): the open's new stateid, the delegation
   * if reclaimed (nfs_inode_reclaim_delegation), and update_open_stateid. The answer is the locks
   * to reclaim, none while the state is still delegated.
   */
  record OpenReclaimed(String owner, String file, NfsReply.OpenReply reply, ActorRef<StateManager.Command> replyTo)
      implements Command {}

  /** nfs4_reclaim_open_state is done with {@code owner}: write_seqcount_end. */
  record OwnerReclaimed(String owner) implements Command {}

  /** nfs4_state_end_reclaim_reboot: reap delegations still NEED_RECLAIM. */
  enum EndReclaim implements Command { INSTANCE }

  /** A claim LOCK came back OK: the server knows the lock owner now (NFS_LOCK_INITIALIZED). */
  record LockClaimed(String owner, String file, StateId lockStateId) implements Command {}

  /** _nfs4_proc_setlk, first half: under rwsem read, cache the lock or prepare the LOCK RPC. */
  record LockStart(String process, String file, LockType type, long offset, long length,
      ActorRef<Application.Command> replyTo) implements Command {}

  /** _nfs4_proc_setlk, second half: the LOCK reply, checked against the seqcount under rwsem read. */
  record LockReplied(String process, String file, LockType type, long offset, long length, int seq,
      NfsReply.LockReply reply, ActorRef<Application.Command> replyTo) implements Command {}

  /** nfs4_proc_unlck: drop the lock locally; LOCKU goes out only if the server knows the lock owner. */
  record UnlockStart(String process, String file, long offset, long length, ActorRef<Application.Command> replyTo)
      implements Command {}

  /** A claim OPEN failed for good (DELEG_REVOKED and kin): the owner's open is no longer cached. */
  record ClaimOpenFailed(String owner, String file) implements Command {}

  /** LOCKU answered OK: the lock stateid's seqid moved on (nfs4_locku_done copies it into ls_stateid). */
  record LockuReplied(String process, String file, StateId lockStateId) implements Command {}

  /** The claims of a return are done: FIXED detaches now (nfs_end_delegation_return). */
  record FinishReturn(String file, long delegation, ActorRef<DelegationReturn.Command> replyTo)
      implements Command {}

  /** A return gave up (LEGACY) or aborted (FIXED) on an error. */
  record ReturnFailed(String file, long delegation, boolean sessionLost) implements Command {}

  /** DELEGRETURN answered: the delegation has ended (or the server had revoked it). */
  record DelegationReturned(String file, long delegation, boolean revoked) implements Command {}

  /** down_read / down_write on an inode's rwsem; {@code grant} goes to {@code replyTo} when held. */
  record AcquireRwsem(String agent, String file, Rwsem.Mode mode, Runnable grant) implements Command {}

  /** up_read / up_write. */
  record ReleaseRwsem(String agent, String file) implements Command {}

  /** A sleeper on an rwsem was woken: its next section runs now. */
  private record RunSection(Runnable section) implements Command {}

  /** 3.10.y mutex_lock(&sp->so_delegreturn_mutex) of open owner {@code owner} for {@code agent}. */
  record AcquireOwnerMutex(String agent, String owner, Runnable grant) implements Command {}

  record ReleaseOwnerMutex(String agent, String owner) implements Command {}

  private final String name;
  private final Observer observer;
  private final ActorRef<Server.Command> server;
  private final ClientSettings settings;
  private final SessionDrain<Rpc> drain;
  private final EnumSet<ClientBit> bits = EnumSet.noneOf(ClientBit.class);
  private final ActorRef<StateManager.Command> stateManager;
  private final ActorRef<Server.Callback> callbackService;
  private final Map<String, Inode> inodes = new TreeMap<>();
  private final Map<String, StateOwner> owners = new TreeMap<>();
  /** nfs_server->delegations: attached delegations, by file. */
  private final Map<String, Delegation> delegations = new TreeMap<>();
  private final Map<String, Rwsem<Runnable>> ownerMutexes = new TreeMap<>();
  /** Applications' OPENs per file whose reply has not been taken in yet (the referring calls, §2.10.6.3). */
  private final Map<String, Integer> opensAwaitingReply = new TreeMap<>();
  /** Delegations detached and not ended: what a LEGACY return that gave up leaves behind. */
  private final List<Delegation> detached = new ArrayList<>();
  /** A context asleep in nfs4_wait_clnt_recover. */
  private record RecoveryWaiter(String agent, ActorRef<Application.Command> wake) {}

  /** nfs4_wait_clnt_recover sleepers, in the order they began to wait. */
  private final List<RecoveryWaiter> recoveryWaiters = new ArrayList<>();
  /** Owners the reclaim pass in progress has handled (NFS_OWNER_RECLAIM_* cleared): each once a pass. */
  private final java.util.Set<String> reclaimedThisPass = new java.util.TreeSet<>();
  private long nextDelegationId;
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
    this.stateManager = ctx.spawn(StateManager.create(ctx.getSelf(), name, settings.variant(), observer), "state-manager");
    this.callbackService = ctx.spawn(CallbackService.create(ctx.getSelf()), "callback");
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
        .onMessage(AwaitRecovery.class, w -> awaitRecovery(w.agent(), w.replyTo()))
        .onMessage(AwaitMount.class, w -> awaitRecovery(w.agent(), w.replyTo()))
        .onMessage(OpenCached.class, this::onOpenCached)
        .onMessage(OpenReplied.class, this::onOpenReplied)
        .onMessage(OpenAnswered.class, this::onOpenAnswered)
        .onMessage(CloseLocal.class, this::onCloseLocal)
        .onMessage(RecallDelegation.class, this::onRecallDelegation)
        .onMessage(StartMarkedReturn.class, this::onStartMarkedReturn)
        .onMessage(OpenClaimed.class, this::onOpenClaimed)
        .onMessage(StartSyncReturn.class, this::onStartSyncReturn)
        .onMessage(RescanReturn.class, this::onRescanReturn)
        .onMessage(CheckSeqs.class, this::onCheckSeqs)
        .onMessage(LockClaimed.class, this::onLockClaimed)
        .onMessage(NextReclaim.class, this::onNextReclaim)
        .onMessage(OpenReclaimed.class, this::onOpenReclaimed)
        .onMessage(OwnerReclaimed.class, this::onOwnerReclaimed)
        .onMessageEquals(EndReclaim.INSTANCE, this::onEndReclaim)
        .onMessage(LockStart.class, this::onLockStart)
        .onMessage(LockReplied.class, this::onLockReplied)
        .onMessage(UnlockStart.class, this::onUnlockStart)
        .onMessage(LockuReplied.class, this::onLockuReplied)
        .onMessage(ClaimOpenFailed.class, failed -> {
          OpenState state = find(inode(failed.file()), failed.owner());
          if (state != null) {
            state.delegated = false;
          }
          return this;
        })
        .onMessage(FinishReturn.class, this::onFinishReturn)
        .onMessage(ReturnFailed.class, this::onReturnFailed)
        .onMessage(DelegationReturned.class, this::onDelegationReturned)
        .onMessage(AcquireRwsem.class, this::onAcquireRwsem)
        .onMessage(AcquireOwnerMutex.class, m -> {
          if (ownerMutex(m.owner()).acquire(m.agent(), Rwsem.Mode.WRITE, m.grant())) {
            m.grant().run();
          }
          return this;
        })
        .onMessage(ReleaseOwnerMutex.class, m -> {
          releaseOwnerMutex(m.agent(), m.owner());
          return this;
        })
        .onMessage(ReleaseRwsem.class, this::onReleaseRwsem)
        .onMessage(RunSection.class, run -> {
          run.section().run();
          return this;
        })
        .build();
  }

  private Behavior<Command> onRpc(Rpc rpc) {
    if (rpc.request() instanceof NfsRequest.Open open && open.claim() == OpenClaimType.CLAIM_NULL) {
      opensAwaitingReply.merge(open.file(), 1, Integer::sum);
    }
    boolean sessionBound = !(rpc.request() instanceof NfsRequest.ExchangeId
        || rpc.request() instanceof NfsRequest.CreateSession);
    if (!sessionBound || drain.admit(rpc.agent(), rpc.privileged(), rpc)) {
      transmit(rpc);
    }
    return this;
  }

  private void transmit(Rpc rpc) {
    NfsRequest request = Requests.withIds(currentOpenStateId(rpc.request()), clientId, sessionId);
    if (request instanceof NfsRequest.CreateSession create) {
      server.tell(new Server.OpenSession(create, callbackService, rpc.replyTo())); // with the back channel
    } else {
      server.tell(new Server.Call(request, rpc.replyTo()));
    }
  }

  /**
   * open_to_lock_owner carries the state's open stateid as it is when the LOCK is encoded (kernel:
   * nfs4_lock_prepare points at state->open_stateid): an OPEN of the same owner answered meanwhile
   * moved its seqid on.
   */
  private NfsRequest currentOpenStateId(NfsRequest request) {
    if (request instanceof NfsRequest.Lock lock && lock.locker() instanceof NfsRequest.NewLockOwner owner
        && owner.openStateId() != null) {
      for (Inode inode : inodes.values()) {
        for (OpenState s : inode.states) {
          if (s.openStateId != null && s.owner.name.equals(owner.lockOwner())
              && s.openStateId.sameState(owner.openStateId()) && !s.openStateId.equals(owner.openStateId())) {
            return new NfsRequest.Lock(lock.clientId(), lock.sessionId(), lock.type(), lock.reclaim(), lock.offset(),
                lock.length(), new NfsRequest.NewLockOwner(s.openStateId, owner.lockOwner()));
          }
        }
      }
    }
    return request;
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
    for (ClientBit bit : List.of(ClientBit.LEASE_EXPIRED, ClientBit.SESSION_RESET, ClientBit.RECLAIM_REBOOT,
        ClientBit.RECLAIM_NOGRACE)) {
      if (clearBit(bit)) {
        if (bit == ClientBit.RECLAIM_REBOOT || bit == ClientBit.RECLAIM_NOGRACE) {
          reclaimedThisPass.clear(); // a new pass: every marked owner once (NFS_OWNER_RECLAIM_*)
        }
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
    for (RecoveryWaiter w : recoveryWaiters) {
      observer.report(new ClientFact.Released(name, "MANAGER_RUNNING", w.agent()));
      w.wake().tell(Application.Recovered.INSTANCE);
    }
    recoveryWaiters.clear();
    return this;
  }

  private Behavior<Command> awaitRecovery(String agent, ActorRef<Application.Command> waiter) {
    if (managerRunning || sessionId == 0) {
      observer.report(new ClientFact.Waits(name, "MANAGER_RUNNING", agent, "nfs4_wait_clnt_recover"));
      recoveryWaiters.add(new RecoveryWaiter(agent, waiter));
    } else {
      waiter.tell(Application.Recovered.INSTANCE);
    }
    return this;
  }

  // ---- opens (nfs4_atomic_open, update_open_stateid, nfs4_close_state) ----

  private Inode inode(String file) {
    return inodes.computeIfAbsent(file, f -> new Inode(name, f, observer));
  }

  private OpenState state(String process, String file, ShareAccess access) {
    StateOwner owner = owners.computeIfAbsent(process, StateOwner::new);
    Inode inode = inode(file);
    for (OpenState s : inode.states) {
      if (s.owner == owner) {
        return s;
      }
    }
    OpenState s = new OpenState(owner, inode, access);
    inode.states.add(s);
    owner.states.add(s);
    return s;
  }

  private Behavior<Command> onOpenCached(OpenCached open) {
    Delegation d = inode(open.file()).delegation;
    if (d != null && open.access().writes() && d.type() == OpenDelegationType.READ
        && d.state() == Delegation.State.ATTACHED) {
      // nfs4_return_incompatible_delegation: an open for write returns a READ delegation first.
      open.replyTo().tell(new Application.ReturnBeforeOpen(startReturn(d), settings.variant()));
      return this;
    }
    if (d != null && d.canOpenDelegated(open.access())) {
      OpenState s = state(open.process(), open.file(), open.access());
      s.delegated = true;
      s.access = union(s.access, open.access());
      s.opens++;
      d.markReferenced(true);
      open.replyTo().tell(new Application.OpenedLocally(true));
    } else {
      open.replyTo().tell(new Application.OpenedLocally(false));
    }
    return this;
  }

  /** An application's OPEN was answered with an error: it can have granted no delegation. */
  private Behavior<Command> onOpenAnswered(OpenAnswered answered) {
    openAnswered(answered.file());
    return this;
  }

  private void openAnswered(String file) {
    opensAwaitingReply.computeIfPresent(file, (f, n) -> n > 1 ? n - 1 : null);
  }

  private Behavior<Command> onOpenReplied(OpenReplied opened) {
    openAnswered(opened.file());
    Inode inode = inode(opened.file());
    OpenState s = state(opened.process(), opened.file(), opened.access());
    s.updateOpenStateId(opened.reply().stateId());
    s.access = union(s.access, opened.access());
    s.opens++;
    NfsReply.Delegation granted = opened.reply().delegation();
    if (granted != null && granted.type() != OpenDelegationType.NONE && inode.delegation == null) {
      Delegation d = new Delegation(++nextDelegationId, opened.file(), granted.stateId(), granted.type()); // nfs_inode_set_delegation
      inode.delegation = d;
      delegations.put(opened.file(), d);
      reportDelegation(d);
    }
    Delegation d = inode.delegation;
    if (d != null && d.state() == Delegation.State.ATTACHED && !d.has(Delegation.Flag.NEED_RECLAIM)
        && d.canOpenDelegated(opened.access())) {
      s.delegated = true; // update_open_stateid: the open is cached under the delegation too
    }
    opened.replyTo().tell(Application.SectionDone.INSTANCE);
    return this;
  }

  private Behavior<Command> onCloseLocal(CloseLocal close) {
    Inode inode = inode(close.file());
    OpenState s = null;
    for (OpenState candidate : inode.states) {
      if (candidate.owner.name.equals(close.process())) {
        s = candidate;
      }
    }
    if (s == null || --s.opens > 0) {
      close.replyTo().tell(new Application.CloseLocally(null));
      return this;
    }
    inode.states.remove(s);
    s.owner.states.remove(s);
    close.replyTo().tell(new Application.CloseLocally(s.openStateId));
    return this;
  }

  // ---- delegation return (callback, state manager) ----

  private Behavior<Command> onRecallDelegation(RecallDelegation recall) {
    Delegation d = delegations.get(recall.recall().file());
    NfsStat4 status;
    if (d == null && opensAwaitingReply.containsKey(recall.recall().file())) {
      // RFC 8881 §2.10.6.3: the recall may have overtaken the OPEN reply granting the delegation
      // (CB_SEQUENCE's referring call is still outstanding): answer DELAY, the server asks again.
      status = NfsStat4.NFS4ERR_DELAY;
    } else if (d == null) {
      status = NfsStat4.NFS4ERR_BADHANDLE; // not held, or detached by a return in progress
    } else if (!d.stateId().sameState(recall.recall().stateId())) {
      status = NfsStat4.NFS4ERR_BAD_STATEID;
    } else {
      d.apply(settings.variant(), Delegation.Event.MARK_RETURN, null, null);
      reportDelegation(d);
      schedule(ClientBit.DELEGRETURN);
      status = NfsStat4.NFS4_OK;
    }
    recall.replyTo().tell(new CbRecallReply(status, recall.recall().stateId()));
    return this;
  }

  /** nfs_client_return_marked_delegations: start returning the first marked delegation. */
  private Behavior<Command> onStartMarkedReturn(StartMarkedReturn ask) {
    for (Delegation d : delegations.values()) {
      if (d.has(Delegation.Flag.RETURN) && d.state() == Delegation.State.ATTACHED) {
        ask.replyTo().tell(new StateManager.ReturnStarted(startReturn(d)));
        return this;
      }
    }
    ask.replyTo().tell(new StateManager.ReturnStarted(null));
    return this;
  }

  private Behavior<Command> onStartSyncReturn(StartSyncReturn ask) {
    Delegation d = inode(ask.file()).delegation;
    DelegationReturn.Plan plan = d != null && d.state() == Delegation.State.ATTACHED ? startReturn(d) : null;
    ask.replyTo().tell(new Application.SyncReturnStarted(plan, settings.variant()));
    return this;
  }

  /** nfs_start_delegation_return (FIXED) or nfs_detach_delegation (LEGACY), and what to claim. */
  private DelegationReturn.Plan startReturn(Delegation d) {
    d.apply(settings.variant(), Delegation.Event.START_RETURN, null, null);
    if (!d.attached()) {
      detach(d);
    }
    reportDelegation(d);
    return plan(d);
  }

  private DelegationReturn.Plan plan(Delegation d) {
    List<String> owners = new ArrayList<>();
    Map<String, Integer> seqs = new TreeMap<>();
    for (OpenState s : inode(d.file()).states) {
      if (s.delegated) {
        owners.add(s.owner.name);
        seqs.put(s.owner.name, s.owner.reclaimSeqcount.begin());
      }
    }
    return new DelegationReturn.Plan(d.id(), d.file(), d.stateId(), d.type(), owners, seqs);
  }

  private Behavior<Command> onRescanReturn(RescanReturn rescan) {
    Delegation d = delegations.get(rescan.file());
    rescan.replyTo().tell(new DelegationReturn.Rescanned(
        d != null && d.state() == Delegation.State.RETURNING ? plan(d) : null));
    return this;
  }

  private Behavior<Command> onCheckSeqs(CheckSeqs check) {
    boolean changed = false;
    for (Map.Entry<String, Integer> e : check.seqs().entrySet()) {
      StateOwner owner = owners.get(e.getKey());
      changed |= owner != null && owner.reclaimSeqcount.retry(e.getValue());
    }
    check.replyTo().tell(new DelegationReturn.SeqsChecked(changed));
    return this;
  }

  private Behavior<Command> onOpenClaimed(OpenClaimed claimed) {
    Inode inode = inode(claimed.file());
    OpenState s = find(inode, claimed.owner());
    if (s != null) {
      s.delegated = false; // nfs4_open_recover cleared NFS_DELEGATED_STATE
      s.updateOpenStateId(claimed.openStateId());
    }
    List<DelegationReturn.LockToClaim> locks = new ArrayList<>();
    for (LockTable.Range r : inode.vfsLocks.ranges()) {
      if (r.owner().equals(claimed.owner())) {
        locks.add(new DelegationReturn.LockToClaim(r.owner(), r.type(), r.start(), r.length()));
      }
    }
    claimed.replyTo().tell(new DelegationReturn.LocksToClaim(locks));
    return this;
  }

  private Behavior<Command> onLockClaimed(LockClaimed claimed) {
    OpenState s = find(inode(claimed.file()), claimed.owner());
    if (s != null) {
      OpenState.LockOwnerState lo = s.lockOwners.computeIfAbsent(claimed.owner(), k -> new OpenState.LockOwnerState());
      lo.initialized = true;
      lo.stateId = claimed.lockStateId();
    }
    return this;
  }

  private static OpenState find(Inode inode, String owner) {
    for (OpenState s : inode.states) {
      if (s.owner.name.equals(owner)) {
        return s;
      }
    }
    return null;
  }

  // ---- locks (9a99af494bd7's _nfs4_proc_setlk, nfs4_proc_unlck) ----

  private Behavior<Command> onLockStart(LockStart lock) {
    if (settings.variant() == ClientVariant.FIXED) {
      // 3.10.y _nfs4_proc_setlk: so_delegreturn_mutex around the delegated test, so that a claim
      // of this owner's locks and a new lock of the same owner do not cross.
      Runnable locked = () -> lockLocally(lock, true);
      if (ownerMutex(lock.process()).acquire(lock.process(), Rwsem.Mode.WRITE, locked)) {
        locked.run();
      }
    } else {
      lockLocally(lock, false);
    }
    return this;
  }

  private void lockLocally(LockStart lock, boolean mutexHeld) {
    Inode inode = inode(lock.file());
    underRead(lock.process(), inode, () -> {
      OpenState s = find(inode, lock.process());
      Long end = LockTable.end(lock.offset(), lock.length());
      if (s == null || end == null) {
        leave(lock.process(), inode, mutexHeld);
        lock.replyTo().tell(new Application.LockDone("EBADF"));
        return;
      }
      if (s.delegated) { // "Yes: cache locks!": no LOCK is sent
        boolean free = inode.vfsLocks.conflict(0, lock.process(), lock.type(), lock.offset(), end) == null;
        if (free) {
          inode.vfsLocks.lock(0, lock.process(), lock.type(), lock.offset(), end);
          reference(inode);
        }
        leave(lock.process(), inode, mutexHeld);
        lock.replyTo().tell(new Application.LockDone(free ? "0" : "EAGAIN"));
        return;
      }
      if (inode.vfsLocks.conflict(0, lock.process(), lock.type(), lock.offset(), end) != null) {
        // do_vfs_lock with FL_ACCESS first: another process of this client holds a conflicting
        // lock (perhaps only cached under a delegation): F_SETLK fails locally.
        leave(lock.process(), inode, mutexHeld);
        lock.replyTo().tell(new Application.LockDone("EAGAIN"));
        return;
      }
      int seq = s.owner.reclaimSeqcount.begin();
      OpenState.LockOwnerState lo = s.lockOwners.get(lock.process());
      NfsRequest.Locker locker = lo != null && lo.initialized
          ? new NfsRequest.ExistingLockOwner(lo.stateId)
          : new NfsRequest.NewLockOwner(s.openStateId, lock.process());
      leave(lock.process(), inode, mutexHeld); // up_read across the RPC
      lock.replyTo().tell(new Application.LockNeedsRpc(locker, seq));
    });
  }

  /** up_read, then mutex_unlock when the FIXED client took so_delegreturn_mutex. */
  private void leave(String process, Inode inode, boolean mutexHeld) {
    release(process, inode);
    if (mutexHeld) {
      releaseOwnerMutex(process, process);
    }
  }

  private Behavior<Command> onLockReplied(LockReplied replied) {
    Inode inode = inode(replied.file());
    underRead(replied.process(), inode, () -> {
      OpenState s = find(inode, replied.process());
      if (s == null || s.owner.reclaimSeqcount.retry(replied.seq())) {
        release(replied.process(), inode);
        replied.replyTo().tell(new Application.LockDone("RETRY")); // recovery ran meanwhile
        return;
      }
      NfsReply.LockReply reply = replied.reply();
      String result;
      if (reply.ok()) {
        OpenState.LockOwnerState lo = s.lockOwners.computeIfAbsent(replied.process(), k -> new OpenState.LockOwnerState());
        lo.initialized = true;
        lo.stateId = reply.stateId();
        long end = LockTable.end(replied.offset(), replied.length());
        LockTable.Range conflict = inode.vfsLocks.conflict(0, replied.process(), replied.type(), replied.offset(), end);
        if (conflict != null) {
          // Another process cached a conflicting lock while this LOCK was out (its open was still
          // delegated during a return). 3.10 slept in do_vfs_lock holding the rwsem, which can
          // deadlock with lock reclaim; later kernels take the local lock in nfs4_lock_done
          // without sleeping and restart the LOCK. Here: wait, without the rwsem, for the local
          // unlock, then start the lock again (docs/model.md, known differences).
          holdPosix(inode, conflict.owner());
          observer.report(new ClientFact.Waits(name, inode.posixLocks(), replied.process(), "local lock"));
          inode.parked.add(new Inode.ParkedLock(replied.process(), replied.type(), replied.offset(), end,
              replied.replyTo()));
          release(replied.process(), inode);
          return;
        }
        inode.vfsLocks.lock(0, replied.process(), replied.type(), replied.offset(), end);
        result = "0";
      } else {
        result = reply.status() == NfsStat4.NFS4ERR_DENIED ? "EAGAIN" : reply.status().shortName();
      }
      release(replied.process(), inode);
      replied.replyTo().tell(new Application.LockDone(result));
    });
    return this;
  }

  private Behavior<Command> onUnlockStart(UnlockStart unlock) {
    if (settings.variant() == ClientVariant.FIXED) {
      // 3.10.y nfs4_proc_unlck: so_delegreturn_mutex first, excluding a claim of this owner's locks.
      Runnable locked = () -> unlockLocally(unlock, true);
      if (ownerMutex(unlock.process()).acquire(unlock.process(), Rwsem.Mode.WRITE, locked)) {
        locked.run();
      }
    } else {
      unlockLocally(unlock, false);
    }
    return this;
  }

  private void unlockLocally(UnlockStart unlock, boolean mutexHeld) {
    Inode inode = inode(unlock.file());
    underRead(unlock.process(), inode, () -> {
      Long end = LockTable.end(unlock.offset(), unlock.length());
      OpenState s = find(inode, unlock.process());
      StateId lockStateId = null;
      if (end != null) {
        inode.vfsLocks.unlock(0, unlock.process(), unlock.offset(), end);
        wakeParked(inode, unlock.process());
        OpenState.LockOwnerState lo = s == null ? null : s.lockOwners.get(unlock.process());
        if (lo != null && lo.initialized) {
          lockStateId = lo.stateId; // a lock only cached under the delegation goes silently
        }
      }
      leave(unlock.process(), inode, mutexHeld);
      unlock.replyTo().tell(new Application.UnlockLocally(lockStateId));
    });
  }

  private Behavior<Command> onLockuReplied(LockuReplied replied) {
    OpenState s = find(inode(replied.file()), replied.process());
    OpenState.LockOwnerState lo = s == null ? null : s.lockOwners.get(replied.process());
    if (lo != null && lo.stateId != null && lo.stateId.sameState(replied.lockStateId())) {
      lo.stateId = replied.lockStateId();
    }
    return this;
  }

  /** A local unlock by {@code unlocker}: parked locks that no longer conflict start again. */
  private void wakeParked(Inode inode, String unlocker) {
    if (!inode.vfsLocks.holds(0, unlocker) && inode.posixHolders.remove(unlocker)) {
      observer.report(new ClientFact.Released(name, inode.posixLocks(), unlocker));
    }
    for (Inode.ParkedLock p : List.copyOf(inode.parked)) {
      LockTable.Range conflict = inode.vfsLocks.conflict(0, p.process(), p.type(), p.start(), p.end());
      if (conflict != null) {
        holdPosix(inode, conflict.owner());
        continue;
      }
      inode.parked.remove(p);
      observer.report(new ClientFact.Released(name, inode.posixLocks(), p.process())); // its wait ends
      if (inode.posixHolders.contains(p.process())) {
        observer.report(new ClientFact.Holds(name, inode.posixLocks(), p.process(), "posix lock")); // still holds
      }
      p.replyTo().tell(new Application.LockDone("RETRY")); // the LOCK again, from the FL_ACCESS test
    }
  }

  /** Reports {@code owner} as a holder of the inode's VFS locks that a parked lock waits for. */
  private void holdPosix(Inode inode, String owner) {
    if (inode.posixHolders.add(owner)) {
      observer.report(new ClientFact.Holds(name, inode.posixLocks(), owner, "posix lock"));
    }
  }

  /** down_read(&nfsi->rwsem) for {@code agent}, then {@code section} (now, or when granted). */
  private void underRead(String agent, Inode inode, Runnable section) {
    if (inode.rwsem.acquire(agent, Rwsem.Mode.READ, section)) {
      section.run();
    }
  }

  /** up_read / up_write: a woken sleeper continues in a later section of its own. */
  private void release(String agent, Inode inode) {
    inode.rwsem.release(agent).forEach(w -> getContext().getSelf().tell(new RunSection(w.wake())));
  }

  /** so_delegreturn_mutex of an open owner (3.10.y; the FIXED client takes it). */
  private Rwsem<Runnable> ownerMutex(String owner) {
    return ownerMutexes.computeIfAbsent(owner, o -> new Rwsem<>(name, "so_delegreturn_mutex(" + o + ")", observer));
  }

  private void releaseOwnerMutex(String agent, String owner) {
    ownerMutex(owner).release(agent).forEach(w -> getContext().getSelf().tell(new RunSection(w.wake())));
  }

  private void reference(Inode inode) {
    if (inode.delegation != null) {
      inode.delegation.markReferenced(true);
    }
  }

  private Behavior<Command> onFinishReturn(FinishReturn finish) {
    Delegation d = find(finish.file(), finish.delegation());
    boolean send = d != null;
    if (d != null && d.state() == Delegation.State.RETURNING) {
      d.apply(settings.variant(), Delegation.Event.DETACH, null, null); // FIXED: detach at the very end
      detach(d);
      reportDelegation(d);
    }
    finish.replyTo().tell(new DelegationReturn.ReadyToReturn(send, d == null ? null : d.stateId()));
    return this;
  }

  private Behavior<Command> onReturnFailed(ReturnFailed failed) {
    Delegation d = find(failed.file(), failed.delegation());
    if (failed.sessionLost()) {
      schedule(ClientBit.SESSION_RESET); // nfs4_schedule_session_recovery starts the manager
    }
    if (d != null && d.state() == Delegation.State.RETURNING) {
      d.apply(settings.variant(), Delegation.Event.ABORT_RETURN, null, null); // FIXED: re-queued
      reportDelegation(d);
      schedule(ClientBit.DELEGRETURN);
    } else if (d != null) {
      schedule(ClientBit.DELEGRETURN); // LEGACY: it stays detached, neither returned nor freed
    }
    return this;
  }

  private Behavior<Command> onDelegationReturned(DelegationReturned returned) {
    Delegation d = find(returned.file(), returned.delegation());
    if (d != null && d.state() == Delegation.State.DETACHED) {
      d.apply(settings.variant(), returned.revoked() ? Delegation.Event.REVOKED : Delegation.Event.RETURNED,
          null, null);
      detached.remove(d);
      reportDelegation(d);
    }
    return this;
  }

  /** The delegation by the client's own id: a reclaim may have given it a new stateid meanwhile. */
  private Delegation find(String file, long id) {
    Delegation d = delegations.get(file);
    if (d != null && d.id() == id) {
      return d;
    }
    for (Delegation x : detached) {
      if (x.id() == id) {
        return x;
      }
    }
    return null;
  }

  /** nfs_detach_delegation_locked: off the inode and the server's list at once. */
  private void detach(Delegation d) {
    Inode inode = inode(d.file());
    if (inode.delegation == d) {
      inode.delegation = null;
    }
    delegations.remove(d.file(), d);
    detached.add(d);
  }

  private void reportDelegation(Delegation d) {
    observer.report(new ClientFact.DelegationChanged(name, d.file(), d.id(), d.stateId(), d.state().name(),
        d.flags().stream().map(Enum::name).toList()));
  }

  // ---- rwsem ----

  private Behavior<Command> onAcquireRwsem(AcquireRwsem acquire) {
    if (inode(acquire.file()).rwsem.acquire(acquire.agent(), acquire.mode(), acquire.grant())) {
      acquire.grant().run();
    }
    return this;
  }

  private Behavior<Command> onReleaseRwsem(ReleaseRwsem release) {
    release(release.agent(), inode(release.file()));
    return this;
  }

  private static ShareAccess union(ShareAccess a, ShareAccess b) {
    return ShareAccess.ofBits(a.bits | b.bits);
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
    setBit(ClientBit.LEASE_EXPIRED);
    startReclaimReboot();
    return this;
  }

  /**
   * nfs4_state_start_reclaim_reboot: mark every delegation on the server's list NEED_RECLAIM (a
   * detached one is not there to be marked) and every open state for reclaim, clearing
   * NFS_DELEGATED_STATE and NFS_LOCK_INITIALIZED (nfs4_clear_open_state).
   */
  private void startReclaimReboot() {
    for (Delegation d : delegations.values()) {
      d.apply(settings.variant(), Delegation.Event.MARK_RECLAIM, null, null);
      reportDelegation(d);
    }
    for (Inode inode : inodes.values()) {
      for (OpenState s : inode.states) {
        s.reclaimReboot = true;
        s.delegated = false;
        s.lockOwners.values().forEach(lo -> lo.initialized = false);
      }
    }
  }

  private Behavior<Command> onNextReclaim(NextReclaim ask) {
    for (StateOwner owner : owners.values()) {
      if (reclaimedThisPass.contains(owner.name)) {
        continue;
      }
      List<StateManager.OpenToReclaim> opens = new ArrayList<>();
      for (OpenState s : owner.states) {
        if (ask.nograce() ? s.reclaimNograce : s.reclaimReboot) {
          Delegation d = s.inode.delegation;
          // CLAIM_PREVIOUS claims the delegation only if the inode's has NEED_RECLAIM.
          OpenDelegationType claim = !ask.nograce() && d != null && d.has(Delegation.Flag.NEED_RECLAIM)
              ? d.type() : OpenDelegationType.NONE;
          opens.add(new StateManager.OpenToReclaim(s.inode.file, s.access, claim));
        }
      }
      if (!opens.isEmpty()) {
        reclaimedThisPass.add(owner.name);
        owner.reclaimSeqcount.writeBegin(); // held for the whole of nfs4_reclaim_open_state
        ask.replyTo().tell(new StateManager.ReclaimOwner(owner.name, opens));
        return this;
      }
    }
    reclaimedThisPass.clear(); // the pass is over
    ask.replyTo().tell(new StateManager.ReclaimOwner(null, List.of()));
    return this;
  }

  private Behavior<Command> onOpenReclaimed(OpenReclaimed reclaimed) {
    Inode inode = inode(reclaimed.file());
    OpenState s = find(inode, reclaimed.owner());
    NfsReply.OpenReply reply = reclaimed.reply();
    List<DelegationReturn.LockToClaim> locks = new ArrayList<>();
    if (s != null) {
      s.reclaimReboot = false;
      s.reclaimNograce = false;
      s.openStateId = reply.stateId();
      NfsReply.Delegation granted = reply.delegation();
      if (granted != null && granted.type() != OpenDelegationType.NONE) {
        Delegation d = inode.delegation;
        if (d != null && d.has(Delegation.Flag.NEED_RECLAIM)) {
          d.apply(settings.variant(), Delegation.Event.RECLAIMED, granted.stateId(), granted.type());
          reportDelegation(d);
        } else if (d == null) {
          d = new Delegation(++nextDelegationId, inode.file, granted.stateId(), granted.type()); // raced with a return
          inode.delegation = d;
          delegations.put(inode.file, d);
          reportDelegation(d);
        }
      }
      Delegation d = inode.delegation;
      if (d != null && d.state() == Delegation.State.ATTACHED && !d.has(Delegation.Flag.NEED_RECLAIM)
          && d.canOpenDelegated(s.access)) {
        s.delegated = true; // update_open_stateid re-caches the open under the delegation
      }
      if (!s.delegated) { // nfs4_lock_reclaim skips a state that is still delegated
        for (LockTable.Range r : inode.vfsLocks.ranges()) {
          if (r.owner().equals(reclaimed.owner())) {
            locks.add(new DelegationReturn.LockToClaim(r.owner(), r.type(), r.start(), r.length()));
          }
        }
      }
    }
    reclaimed.replyTo().tell(new StateManager.LocksToClaim(locks, !inode.vfsLocks.ranges().isEmpty()));
    return this;
  }

  private Behavior<Command> onOwnerReclaimed(OwnerReclaimed done) {
    StateOwner owner = owners.get(done.owner());
    if (owner != null && owner.reclaimSeqcount.writing()) {
      owner.reclaimSeqcount.writeEnd();
    }
    return this;
  }

  private Behavior<Command> onEndReclaim() {
    for (Inode inode : inodes.values()) { // leftover REBOOT marks become NOGRACE
      for (OpenState s : inode.states) {
        if (s.reclaimReboot) {
          s.reclaimReboot = false;
          s.reclaimNograce = true;
          setBit(ClientBit.RECLAIM_NOGRACE);
        }
      }
    }
    for (Delegation d : new ArrayList<>(delegations.values())) {
      if (d.has(Delegation.Flag.NEED_RECLAIM)) { // nfs_delegation_reap_unclaimed: freed, no DELEGRETURN
        d.apply(settings.variant(), Delegation.Event.REAP, null, null);
        Inode inode = inode(d.file());
        if (inode.delegation == d) {
          inode.delegation = null;
        }
        delegations.remove(d.file(), d);
        reportDelegation(d);
      }
    }
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
