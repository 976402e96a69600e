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
import org.nfs41sim.protocol.nfs.SequenceFlags;
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

  /**
   * _nfs4_do_open: an open for write returns a READ delegation first, unless {@code returned}
   * (it was just done); then nfs4_try_open_cached opens under the inode's delegation if it allows,
   * else says an OPEN is needed.
   */
  record OpenCached(String process, String file, ShareAccess access, boolean returned,
      ActorRef<Application.Command> replyTo) implements Command {}

  /**
   * An OPEN came back OK: nfs4_opendata_to_nfs4_state, nfs_inode_set_delegation,
   * update_open_stateid; {@code seq} is so_reclaim_seqcount as read before the OPEN.
   */
  record OpenReplied(String process, String file, ShareAccess access, NfsReply.OpenReply reply, int seq,
      ActorRef<Application.Command> replyTo) implements Command {}

  /** nfs4_close_state: drop one open; the last one goes to the server if it knows the open. */
  record CloseLocal(String process, String file, ActorRef<Application.Command> replyTo) implements Command {}

  /** The CLOSE of {@code process}'s open of {@code file} was answered: the state is gone. */
  record Closed(String process, String file) implements Command {}

  /** nfs4_callback_recall: find the delegation, mark it RETURN, kick the state manager. */
  record RecallDelegation(CbRecall recall, ActorRef<CbRecallReply> replyTo) implements Command {}

  /** The state manager's DELEGRETURN step: start returning the next marked delegation. */
  record StartMarkedReturn(ActorRef<StateManager.Command> replyTo) implements Command {}

  /** A claim OPEN (CLAIM_DELEG_CUR_FH) came back OK: update_open_stateid with the new open stateid. */
  record OpenClaimed(String owner, String file, StateId openStateId) implements Command {}

  /** nfs4_inode_return_delegation from a process (chmod, unlink, open for write under a read delegation). */
  record StartSyncReturn(String process, String file, ActorRef<Application.Command> replyTo) implements Command {}

  /**
   * nfs_delegation_claim_opens, `again:`: the next open state with NFS_DELEGATED_STATE whose
   * state->stateid is the delegation's (its current stateid, or {@code lastKnown} once it is gone).
   * The return takes a reference to it; with so_delegreturn_mutex the owner's mutex is taken
   * before so_reclaim_seqcount is read; NFS_DELEGATED_STATE is cleared (nfs4_open_recover).
   */
  record NextClaim(String agent, String file, long delegation, StateId lastKnown,
      ActorRef<DelegationReturn.Command> replyTo) implements Command {}

  /** nfs_delegation_claim_locks: the owner's next VFS lock after offset {@code after}, in list order. */
  record NextLockToClaim(String agent, String owner, String file, long after, ActorRef<DelegationReturn.Command> replyTo)
      implements Command {}

  /** A claim RPC failed: the recovery its handler schedules, and NFS_DELEGATED_STATE set again or not. */
  record ClaimError(String owner, String file, StateId delegation, NfsStat4 status, RecallErrors.Recovery recovery,
      boolean setDelegated) implements Command {}

  /**
   * The claim of {@code owner} is over ({@code error} null: it went through): read_seqcount_retry
   * (with the seed), mutex_unlock, and the return's reference to the context is dropped.
   */
  record EndOwnerClaim(String agent, String owner, String file, int seq, String error,
      ActorRef<DelegationReturn.Command> replyTo) implements Command {}

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

  /**
   * nfs4_open_recover, before its OPEN: NFS_DELEGATED_STATE cleared (v3.6 and 3.10.y alike), so a
   * claim error that set it again earlier does not hide the state's locks from nfs4_lock_reclaim.
   */
  record RecoverOpen(String owner, String file) implements Command {}

  /** nfs4_state_mark_reclaim_nograce for {@code owner}'s open of {@code file} (a reclaim failed). */
  record MarkNograce(String owner, String file) implements Command {}

  /** nfs4_recovery_handle_error: what a recovery RPC's error means for the client. */
  record RecoveryError(NfsStat4 status) implements Command {}

  /** nfs4_check_lease's SEQUENCE was answered. */
  record LeaseChecked(NfsReply reply) implements Command {}

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

  /** LOCKU answered OK: the lock stateid's seqid moved on (nfs4_locku_done copies it into ls_stateid). */
  record LockuReplied(String process, String file, StateId lockStateId) implements Command {}

  /** The claims of a return are done: with the seed, it is detached now (nfs_end_delegation_return). */
  record FinishReturn(String file, long delegation, ActorRef<DelegationReturn.Command> replyTo)
      implements Command {}

  /**
   * A return ended on an error: without the seed it gives up (the delegation stays detached; the
   * state manager sets NFS4CLNT_DELEGRETURN again); with it, nfs_abort_delegation_return re-queues it.
   */
  record ReturnFailed(String file, long delegation, boolean sync) implements Command {}

  /** DELEGRETURN answered: the delegation has ended (or the server had revoked it). */
  record DelegationReturned(String file, long delegation, boolean revoked) implements Command {}

  /** down_read / down_write on an inode's rwsem; {@code grant} goes to {@code replyTo} when held. */
  record AcquireRwsem(String agent, String file, Rwsem.Mode mode, Runnable grant) implements Command {}

  /** up_read / up_write. */
  record ReleaseRwsem(String agent, String file) implements Command {}

  /** A sleeper on an rwsem was woken: its next section runs now. */
  private record RunSection(Runnable section) implements Command {}

  /** The CLOSE of an open whose close waited for a return's claim was answered. */
  private record DeferredCloseReplied(NfsReply reply) implements Command {}

  private final String name;
  private final Observer observer;
  private final ActorRef<Server.Command> server;
  private final ClientSettings settings;
  private final SessionDrain<Rpc> drain;
  private final EnumSet<ClientBit> bits = EnumSet.noneOf(ClientBit.class);
  private final ActorRef<StateManager.Command> stateManager;
  private final ActorRef<Server.Callback> callbackService;
  /** Where the answers to CLOSEs sent from a return's context go (nobody waits for them). */
  private final ActorRef<NfsReply> closeReplies;
  private final Map<String, Inode> inodes = new TreeMap<>();
  private final Map<String, StateOwner> owners = new TreeMap<>();
  /** nfs_server->delegations: attached delegations, by file. */
  private final Map<String, Delegation> delegations = new TreeMap<>();
  private final Map<String, Rwsem<Runnable>> ownerMutexes = new TreeMap<>();
  /** Delegations detached and not ended: what a LEGACY return that gave up leaves behind. */
  private final List<Delegation> detached = new ArrayList<>();
  /** A context asleep in nfs4_wait_clnt_recover. */
  private record RecoveryWaiter(String agent, ActorRef<Application.Command> wake) {}

  /**
   * The open state behind each LOCK on its way, a process's or a return's claim, by agent and
   * lock owner ({@link #lockingKey}): what nfs4_lock_prepare reads when the LOCK is encoded.
   */
  private final Map<String, OpenState> locking = new TreeMap<>();
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
    this.closeReplies = ctx.messageAdapter(NfsReply.class, DeferredCloseReplied::new);
    schedule(ClientBit.LEASE_EXPIRED); // mount: nfs4_init_clientid through the state manager
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Rpc.class, this::onRpc)
        .onMessage(Schedule.class, s -> {
          if (s.bit() == ClientBit.CHECK_LEASE) {
            scheduleLeaseRecovery();
          } else {
            schedule(s.bit());
          }
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
        .onMessage(CloseLocal.class, this::onCloseLocal)
        .onMessage(Closed.class, closed -> {
          OpenState s = find(inode(closed.file()), closed.process());
          if (s != null && s.closing) {
            closeState(s);
          }
          return this;
        })
        .onMessage(RecallDelegation.class, this::onRecallDelegation)
        .onMessage(StartMarkedReturn.class, this::onStartMarkedReturn)
        .onMessage(OpenClaimed.class, this::onOpenClaimed)
        .onMessage(StartSyncReturn.class, this::onStartSyncReturn)
        .onMessage(NextClaim.class, this::onNextClaim)
        .onMessage(NextLockToClaim.class, this::onNextLockToClaim)
        .onMessage(ClaimError.class, this::onClaimError)
        .onMessage(EndOwnerClaim.class, this::onEndOwnerClaim)
        .onMessage(LockClaimed.class, this::onLockClaimed)
        .onMessage(NextReclaim.class, this::onNextReclaim)
        .onMessage(OpenReclaimed.class, this::onOpenReclaimed)
        .onMessage(OwnerReclaimed.class, this::onOwnerReclaimed)
        .onMessage(MarkNograce.class, this::onMarkNograce)
        .onMessage(RecoverOpen.class, this::onRecoverOpen)
        .onMessage(RecoveryError.class, error -> {
          recoveryError(error.status());
          return this;
        })
        .onMessage(LeaseChecked.class, this::onLeaseChecked)
        .onMessageEquals(EndReclaim.INSTANCE, this::onEndReclaim)
        .onMessage(LockStart.class, this::onLockStart)
        .onMessage(LockReplied.class, this::onLockReplied)
        .onMessage(UnlockStart.class, this::onUnlockStart)
        .onMessage(LockuReplied.class, this::onLockuReplied)
        .onMessage(FinishReturn.class, this::onFinishReturn)
        .onMessage(ReturnFailed.class, this::onReturnFailed)
        .onMessage(DelegationReturned.class, this::onDelegationReturned)
        .onMessage(AcquireRwsem.class, this::onAcquireRwsem)
        .onMessage(DeferredCloseReplied.class, replied -> this)
        .onMessage(ReleaseRwsem.class, this::onReleaseRwsem)
        .onMessage(RunSection.class, run -> {
          run.section().run();
          return this;
        })
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
    NfsRequest request = Requests.withIds(closingStateId(rpc, currentOpenStateId(rpc)), clientId, sessionId);
    if (request instanceof NfsRequest.CreateSession create) {
      server.tell(new Server.OpenSession(create, callbackService, rpc.replyTo())); // with the back channel
    } else {
      server.tell(new Server.Call(request, rpc.replyTo()));
    }
  }

  /** A process's CLOSE carries its closing state's open stateid as it is now (nfs4_do_close points at it). */
  private NfsRequest closingStateId(Rpc rpc, NfsRequest request) {
    if (request instanceof NfsRequest.Close close) {
      StateOwner owner = owners.get(rpc.agent());
      for (OpenState s : owner == null ? List.<OpenState>of() : owner.states) {
        if (s.closing && s.openStateId != null) {
          return new NfsRequest.Close(close.clientId(), close.sessionId(), s.openStateId);
        }
      }
    }
    return request;
  }

  /** The stateid nfs4_lock_prepare puts in open_to_lock_owner: state->stateid (v3.6), state->open_stateid (3.10.y). */
  private StateId lockOpenStateId(OpenState s) {
    return settings.variant().has(KernelChange.V3_10_Y) ? s.openStateId : s.stateId;
  }

  private static String lockingKey(String agent, String lockOwner) {
    return agent + "/" + lockOwner;
  }

  /**
   * A LOCK is built when it is encoded, not when it is asked for: nfs4_lock_prepare runs again
   * after the task slept on the drained slot table, and decides then between open_to_lock_owner
   * (the lock owner's seqid not confirmed: NFS_LOCK_INITIALIZED clear) and the lock stateid, and
   * the encoder reads the state's stateid (v3.6) or open_stateid (3.10.y) through a pointer. So a
   * process's LOCK, or a return's claim LOCK, that waited out a recovery goes out with what the
   * recovery reclaimed, and one after an OPEN of the same owner with the OPEN's seqid.
   */
  private NfsRequest currentOpenStateId(Rpc rpc) {
    if (!(rpc.request() instanceof NfsRequest.Lock lock) || lock.reclaim()) {
      return rpc.request();
    }
    String lockOwner = lock.locker() instanceof NfsRequest.NewLockOwner owner ? owner.lockOwner() : rpc.agent();
    OpenState state = locking.get(lockingKey(rpc.agent(), lockOwner));
    if (state == null || !state.inode.states.contains(state)) {
      return rpc.request();
    }
    return new NfsRequest.Lock(lock.clientId(), lock.sessionId(), lock.type(), false, lock.offset(), lock.length(),
        locker(state, lockOwner));
  }

  /**
   * nfs4_lock_prepare's choice: the lock stateid of a lock owner the server knows (its seqid
   * confirmed, NFS_LOCK_INITIALIZED), else open_to_lock_owner with the open stateid
   * ({@link #lockOpenStateId}; all zeros for an open the server never saw).
   */
  private NfsRequest.Locker locker(OpenState s, String lockOwner) {
    OpenState.LockOwnerState lo = s.lockOwners.get(lockOwner);
    if (lo != null && lo.initialized && lo.stateId != null) {
      return new NfsRequest.ExistingLockOwner(lo.stateId);
    }
    StateId open = lockOpenStateId(s);
    return new NfsRequest.NewLockOwner(open == null ? StateId.ANONYMOUS : open, lockOwner);
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
    for (ClientBit bit : List.of(ClientBit.LEASE_EXPIRED, ClientBit.SESSION_RESET, ClientBit.BIND_CONN_TO_SESSION,
        ClientBit.CHECK_LEASE, ClientBit.RECLAIM_REBOOT, ClientBit.RECLAIM_NOGRACE)) {
      // RECLAIM_REBOOT is tested, not cleared: it stays set until nfs4_state_end_reclaim_reboot.
      if (bit == ClientBit.RECLAIM_REBOOT ? bits.contains(bit) : clearBit(bit)) {
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

  private StateOwner owner(String process) {
    return owners.computeIfAbsent(process, StateOwner::new);
  }

  private OpenState state(String process, String file, ShareAccess access) {
    StateOwner owner = owner(process);
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
    if (!open.returned() && d != null && open.access().writes() && d.type() == OpenDelegationType.READ
        && d.state() == Delegation.State.ATTACHED) {
      // nfs4_return_incompatible_delegation: an open for write returns a READ delegation first;
      // it returns nothing, so the OPEN goes out whatever the return did.
      open.replyTo().tell(new Application.ReturnBeforeOpen(startReturn(d), settings.variant()));
      return this;
    }
    if (d != null && d.canOpenDelegated(open.access())) {
      OpenState s = state(open.process(), open.file(), open.access());
      s.cacheUnder(d.stateId()); // nfs4_try_open_cached: update_open_stateid with the delegation
      s.access = union(s.access, open.access());
      s.opens++;
      d.markReferenced(true);
      open.replyTo().tell(new Application.OpenedLocally(true, 0));
    } else {
      // _nfs4_open_and_get_state reads so_reclaim_seqcount before the OPEN (fixed client).
      open.replyTo().tell(new Application.OpenedLocally(false, owner(open.process()).reclaimSeqcount.begin()));
    }
    return this;
  }

  private Behavior<Command> onOpenReplied(OpenReplied opened) {
    Inode inode = inode(opened.file());
    OpenState s = state(opened.process(), opened.file(), opened.access());
    s.access = union(s.access, opened.access());
    s.opens++;
    NfsReply.Delegation granted = opened.reply().delegation();
    if (granted != null && granted.type() != OpenDelegationType.NONE && inode.delegation == null) {
      Delegation d = new Delegation(++nextDelegationId, opened.file(), granted.stateId(), granted.type()); // nfs_inode_set_delegation
      inode.delegation = d;
      delegations.put(opened.file(), d);
      reportDelegation(d);
    }
    updateOpenStateId(s, opened.reply().stateId(), opened.access());
    if (settings.variant().has(KernelChange.OPEN_RECLAIM_SEQCOUNT) && s.owner.reclaimSeqcount.retry(opened.seq())) {
      markNograce(s); // recovery ran on the owner while the OPEN was out: nfs4_schedule_stateid_recovery
      schedule(ClientBit.RECLAIM_NOGRACE);
    }
    opened.replyTo().tell(Application.SectionDone.INSTANCE);
    return this;
  }

  /**
   * update_open_stateid: the open stateid the server gave, and the open cached under the inode's
   * delegation when that covers the mode (and, with the seed, is not being returned). Like the
   * kernel, it does not look at NEED_RECLAIM.
   */
  private void updateOpenStateId(OpenState s, StateId openStateId, ShareAccess access) {
    s.updateOpenStateId(openStateId);
    Delegation d = s.inode.delegation;
    if (d != null && d.state() == Delegation.State.ATTACHED && d.covers(access)) {
      d.markReferenced(true);
      s.cacheUnder(d.stateId());
    }
  }

  private Behavior<Command> onCloseLocal(CloseLocal close) {
    OpenState s = find(inode(close.file()), close.process());
    if (s == null || --s.opens > 0) {
      close.replyTo().tell(new Application.CloseLocally(null));
      return this;
    }
    if (s.claiming) {
      // A return holds a reference to the open context: nfs4_close_state runs when it drops it.
      s.closeDeferred = true;
      close.replyTo().tell(new Application.CloseLocally(null));
      return this;
    }
    s.delegated = false; // __nfs4_close: the last open of the state gone (newstate == 0), v3.6 and 3.10.y
    if (s.openStateId == null) {
      closeState(s); // only ever open under a delegation: nothing to tell the server
      close.replyTo().tell(new Application.CloseLocally(null));
      return this;
    }
    s.closing = true;
    close.replyTo().tell(new Application.CloseLocally(s.openStateId));
    return this;
  }

  /** nfs4_close_state: the state goes; the stateid a CLOSE must carry, or null when the server never knew it. */
  private StateId closeState(OpenState s) {
    s.inode.states.remove(s);
    s.owner.states.remove(s);
    return s.openStateId;
  }

  // ---- delegation return (callback, state manager) ----

  private Behavior<Command> onRecallDelegation(RecallDelegation recall) {
    Delegation d = delegations.get(recall.recall().file());
    NfsStat4 status;
    // nfsd sends no referring calls in CB_SEQUENCE (RFC 8881 §2.10.6.3), so a recall that overtook
    // the OPEN reply granting the delegation finds nothing: BADHANDLE, and nfsd asks again later.
    if (d == null) {
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

  /**
   * nfs4_inode_return_delegation: nothing to do when no delegation is attached, or (with the
   * seed) when a return of it is already running (nfs_start_delegation_return gives NULL).
   */
  private Behavior<Command> onStartSyncReturn(StartSyncReturn ask) {
    Delegation d = inode(ask.file()).delegation;
    DelegationReturn.Plan plan = d != null && d.state() == Delegation.State.ATTACHED ? startReturn(d) : null;
    ask.replyTo().tell(new Application.SyncReturnStarted(plan, settings.variant()));
    return this;
  }

  /** nfs_start_delegation_return (with the seed) or nfs_detach_delegation (without). */
  private DelegationReturn.Plan startReturn(Delegation d) {
    d.apply(settings.variant(), Delegation.Event.START_RETURN, null, null);
    if (!d.attached()) {
      detach(d);
    }
    reportDelegation(d);
    return new DelegationReturn.Plan(d.id(), d.file(), d.stateId());
  }

  private Behavior<Command> onNextClaim(NextClaim ask) {
    Delegation d = find(ask.file(), ask.delegation());
    StateId stateId = d != null ? d.stateId() : ask.lastKnown();
    OpenState next = null;
    for (OpenState s : inode(ask.file()).states) {
      if (s.delegated && stateId.equals(s.stateId)) { // nfs4_stateid_match(&state->stateid, stateid)
        next = s;
        break;
      }
    }
    if (next == null) {
      ask.replyTo().tell(new DelegationReturn.OwnerToClaim(null, null, 0));
      return this;
    }
    OpenState claimed = next;
    claimed.claiming = true; // get_nfs_open_context
    Runnable begin = () -> {
      if (!settings.variant().has(KernelChange.CLAIM_KEEPS_DELEGATED_STATE)) {
        claimed.delegated = false; // nfs4_open_recover clears NFS_DELEGATED_STATE before the OPEN
      }
      ask.replyTo().tell(new DelegationReturn.OwnerToClaim(claimed.owner.name, claimed.access,
          claimed.owner.reclaimSeqcount.begin()));
    };
    if (settings.variant().has(KernelChange.DELEGRETURN_MUTEX)) {
      // mutex_lock(&sp->so_delegreturn_mutex), then raw_seqcount_begin (nfs_delegation_claim_opens)
      if (ownerMutex(claimed.owner.name).acquire(ask.agent(), Rwsem.Mode.WRITE, begin)) {
        begin.run();
      }
    } else {
      begin.run();
    }
    return this;
  }

  private Behavior<Command> onOpenClaimed(OpenClaimed claimed) {
    OpenState s = find(inode(claimed.file()), claimed.owner());
    if (s != null) {
      updateOpenStateId(s, claimed.openStateId(), s.access);
      if (settings.variant().has(KernelChange.CLAIM_KEEPS_DELEGATED_STATE)) {
        s.delegated = false; // 5eb8d18ca0e0: nfs_state_clear_delegation once the OPEN succeeded
        s.stateId = s.openStateId;
      }
    }
    return this;
  }

  /**
   * The owner's next lock in inode->i_flock after {@code after}; its LOCK's open_to_lock_owner
   * carries state->stateid (v3.6 nfs4_lock_prepare) or state->open_stateid (3.10.y).
   */
  private Behavior<Command> onNextLockToClaim(NextLockToClaim ask) {
    Inode inode = inode(ask.file());
    OpenState s = find(inode, ask.owner());
    for (LockTable.Range r : inode.vfsLocks.ranges()) {
      if (s != null && r.owner().equals(ask.owner())
          && (ask.after() == -1 || Long.compareUnsigned(r.start(), ask.after()) > 0)) {
        locking.put(lockingKey(ask.agent(), ask.owner()), s);
        ask.replyTo().tell(new DelegationReturn.LockToClaim(r.type(), r.start(), r.length(), lockOpenStateId(s)));
        return this;
      }
    }
    ask.replyTo().tell(new DelegationReturn.LockToClaim(null, 0, 0, null));
    return this;
  }

  private Behavior<Command> onClaimError(ClaimError error) {
    Inode inode = inode(error.file());
    OpenState s = find(inode, error.owner());
    if (error.setDelegated() && s != null) {
      s.delegated = true; // set_bit(NFS_DELEGATED_STATE): state->stateid is left as it is
    }
    switch (error.recovery()) {
      case SESSION -> schedule(error.status() == NfsStat4.NFS4ERR_CONN_NOT_BOUND_TO_SESSION
          ? ClientBit.BIND_CONN_TO_SESSION : ClientBit.SESSION_RESET);
      case LEASE -> scheduleLeaseRecovery();
      case STATEID -> recoverStateId(s);
      case DELEGATION_STATEID -> {
        // nfs_inode_find_state_and_recover: every open still delegated under the stateid
        for (OpenState other : inode.states) {
          if (other.delegated && error.delegation().equals(other.stateId)) {
            markNograce(other);
          }
        }
        recoverStateId(s);
      }
      case STATEID_AND_LEASE -> {
        recoverStateId(s);
        scheduleLeaseRecovery();
      }
      default -> { }
    }
    return this;
  }

  /** nfs4_schedule_stateid_recovery: the state to the NOGRACE pass, and the state manager runs. */
  private void recoverStateId(OpenState s) {
    if (s != null) {
      markNograce(s);
    }
    schedule(ClientBit.RECLAIM_NOGRACE);
  }

  /** nfs4_state_mark_reclaim_nograce. */
  private void markNograce(OpenState s) {
    s.reclaimReboot = false;
    s.reclaimNograce = true;
    setBit(ClientBit.RECLAIM_NOGRACE);
  }

  /** nfs4_schedule_lease_recovery: CHECK_LEASE, unless the lease is already being re-established. */
  private void scheduleLeaseRecovery() {
    schedule(bits.contains(ClientBit.LEASE_EXPIRED) ? ClientBit.LEASE_EXPIRED : ClientBit.CHECK_LEASE);
  }

  private Behavior<Command> onEndOwnerClaim(EndOwnerClaim end) {
    OpenState s = find(inode(end.file()), end.owner());
    StateOwner owner = owners.get(end.owner());
    String error = end.error();
    if (error == null && settings.variant().has(KernelChange.RETURN_WHILE_ATTACHED) && owner != null
        && owner.reclaimSeqcount.retry(end.seq())) {
      error = "EAGAIN"; // read_seqcount_retry: recovery ran on the owner meanwhile
    }
    if (settings.variant().has(KernelChange.DELEGRETURN_MUTEX)) {
      releaseOwnerMutex(end.agent(), end.owner());
    }
    if (s != null) {
      s.claiming = false; // put_nfs_open_context
      if (s.closeDeferred && s.opens > 0) {
        s.closeDeferred = false; // opened again meanwhile: n_rdonly/n_wronly/n_rdwr are not 0, no CLOSE
      }
      if (s.closeDeferred) {
        s.closeDeferred = false;
        StateId close = closeState(s);
        if (close != null) { // nfs4_close_state, from the put: an asynchronous CLOSE
          onRpc(new Rpc(DelegationReturn.RPCIOD, new NfsRequest.Close(0, 0, close), false, closeReplies));
        }
      }
    }
    end.replyTo().tell(new DelegationReturn.OwnerClaimed(error));
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

  /**
   * _nfs4_proc_setlk, first half (every variant has 9a99af494bd7): the FL_ACCESS test, then under
   * rwsem read either the lock is cached (the state is delegated) or so_reclaim_seqcount is read
   * and the rwsem released before the LOCK RPC.
   */
  private Behavior<Command> onLockStart(LockStart lock) {
    locking.remove(lockingKey(lock.process(), lock.process())); // a LOCK sent again starts over here
    Inode inode = inode(lock.file());
    OpenState s = find(inode, lock.process());
    Long end = LockTable.end(lock.offset(), lock.length());
    if (s == null || end == null) {
      lock.replyTo().tell(new Application.LockDone(s == null ? "ENOLCK" : "EINVAL"));
      return this;
    }
    if (inode.vfsLocks.conflict(0, lock.process(), lock.type(), lock.offset(), end) != null) {
      // do_vfs_lock with FL_ACCESS first: another process of this client holds a conflicting
      // lock (perhaps only cached under a delegation): F_SETLK fails locally.
      lock.replyTo().tell(new Application.LockDone("EAGAIN"));
      return this;
    }
    boolean mutex = settings.variant().has(KernelChange.LOCK_DELEGRETURN_MUTEX);
    Runnable test = () -> underRead(lock.process(), inode, () -> {
      if (mutex) {
        releaseOwnerMutex(lock.process(), lock.process()); // the test below is one step: the mutex is free after it
      }
      if (s.delegated) { // "Yes: cache locks!": no LOCK is sent
        boolean free = inode.vfsLocks.conflict(0, lock.process(), lock.type(), lock.offset(), end) == null;
        if (free) {
          inode.vfsLocks.lock(0, lock.process(), lock.type(), lock.offset(), end);
          reference(inode);
        }
        release(lock.process(), inode);
        lock.replyTo().tell(new Application.LockDone(free ? "0" : "EAGAIN"));
        return;
      }
      int seq = s.owner.reclaimSeqcount.begin();
      locking.put(lockingKey(lock.process(), lock.process()), s);
      release(lock.process(), inode); // up_read across the RPC
      lock.replyTo().tell(new Application.LockNeedsRpc(locker(s, lock.process()), seq));
    });
    if (!mutex || ownerMutex(lock.process()).acquire(lock.process(), Rwsem.Mode.WRITE, test)) {
      test.run(); // 11476e9dec39: so_delegreturn_mutex, then rwsem read, around the delegated test
    }
    return this;
  }

  /**
   * _nfs4_proc_setlk, second half: a LOCK the server refused returns at once; a granted one takes
   * rwsem read again, and a changed so_reclaim_seqcount makes it -NFS4ERR_DELAY (nfs4_proc_setlk
   * backs off and sends the LOCK again).
   */
  private Behavior<Command> onLockReplied(LockReplied replied) {
    locking.remove(lockingKey(replied.process(), replied.process()));
    NfsReply.LockReply reply = replied.reply();
    if (!reply.ok()) {
      replied.replyTo().tell(new Application.LockDone(
          reply.status() == NfsStat4.NFS4ERR_DENIED ? "EAGAIN" : reply.status().shortName()));
      return this;
    }
    Inode inode = inode(replied.file());
    underRead(replied.process(), inode, () -> {
      OpenState s = find(inode, replied.process());
      if (s != null) {
        OpenState.LockOwnerState lo = s.lockOwners.computeIfAbsent(replied.process(), k -> new OpenState.LockOwnerState());
        lo.initialized = true; // nfs4_lock_done
        lo.stateId = reply.stateId();
      }
      if (s == null || s.owner.reclaimSeqcount.retry(replied.seq())) {
        release(replied.process(), inode);
        replied.replyTo().tell(new Application.LockDone("DELAY")); // recovery ran meanwhile
        return;
      }
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
      release(replied.process(), inode);
      replied.replyTo().tell(new Application.LockDone("0"));
    });
    return this;
  }

  /**
   * nfs4_proc_unlck: the local unlock first (FL_EXISTS: nothing more when the range was not held),
   * under rwsem read, and with so_delegreturn_mutex first when the variant has it. LOCKU goes out
   * for a state that is not delegated (v3.6), or for a lock owner the server knows
   * (NFS_LOCK_INITIALIZED, with so_delegreturn_mutex's change); a lock owner never initialized
   * sends its zeroed stateid.
   */
  private Behavior<Command> onUnlockStart(UnlockStart unlock) {
    if (settings.variant().has(KernelChange.DELEGRETURN_MUTEX)) {
      Runnable locked = () -> unlockLocally(unlock, true); // "Exclude nfs_delegation_claim_locks()"
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
      boolean held = end != null && inode.vfsLocks.ranges().stream()
          .anyMatch(r -> r.owner().equals(unlock.process()) && r.overlaps(unlock.offset(), end));
      if (held) {
        inode.vfsLocks.unlock(0, unlock.process(), unlock.offset(), end);
        wakeParked(inode, unlock.process());
        OpenState.LockOwnerState lo = s == null ? null : s.lockOwners.get(unlock.process());
        boolean sendLocku = settings.variant().has(KernelChange.DELEGRETURN_MUTEX)
            ? lo != null && lo.initialized
            : s != null && !s.delegated;
        if (sendLocku) {
          lockStateId = lo != null && lo.stateId != null ? lo.stateId : StateId.ANONYMOUS;
        }
      }
      release(unlock.process(), inode);
      if (mutexHeld) {
        releaseOwnerMutex(unlock.process(), unlock.process());
      }
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

  /** so_delegreturn_mutex of an open owner (the fixed client takes it). */
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

  /** The claims went through: with the seed, nfs_detach_delegation now, if it is still the inode's. */
  private Behavior<Command> onFinishReturn(FinishReturn finish) {
    Delegation d = find(finish.file(), finish.delegation());
    boolean send = d != null;
    if (d != null && d.state() == Delegation.State.RETURNING) {
      d.apply(settings.variant(), Delegation.Event.DETACH, null, null);
      detach(d);
      reportDelegation(d);
    }
    finish.replyTo().tell(new DelegationReturn.ReadyToReturn(send, d == null ? null : d.stateId()));
    return this;
  }

  /**
   * A return ended on an error. With the seed, nfs_abort_delegation_return: RETURNING cleared,
   * RETURN and NFS4CLNT_DELEGRETURN set, and no state manager is started for it (a running one
   * loops back to it). Without, the delegation stays detached; the state manager sets
   * NFS4CLNT_DELEGRETURN again after a failed asynchronous return (v3.6
   * nfs_client_return_marked_delegations), which finds nothing more to return.
   */
  private Behavior<Command> onReturnFailed(ReturnFailed failed) {
    Delegation d = find(failed.file(), failed.delegation());
    if (d != null && d.state() == Delegation.State.RETURNING) {
      d.apply(settings.variant(), Delegation.Event.ABORT_RETURN, null, null);
      reportDelegation(d);
      setBit(ClientBit.DELEGRETURN);
    } else if (!failed.sync()) {
      setBit(ClientBit.DELEGRETURN);
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
    if (!bits.contains(ClientBit.RECLAIM_NOGRACE)) { // nfs4_reclaim_lease
      setBit(ClientBit.RECLAIM_REBOOT); // reclaim what the lost lease held, then RECLAIM_COMPLETE
    }
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

  /**
   * nfs4_handle_reclaim_lease_error on STALE_CLIENTID from CREATE_SESSION: reboot recovery, after
   * (before 3.10.y, a4339b7b686b) nfs4_state_clear_reclaim_reboot has turned the marks of a reboot
   * recovery still in progress into NOGRACE ones.
   */
  private Behavior<Command> onClientIdStale() {
    if (!settings.variant().has(KernelChange.V3_10_Y)) {
      clearReclaimReboot();
    }
    setBit(ClientBit.LEASE_EXPIRED);
    startReclaimReboot();
    return this;
  }

  /**
   * nfs4_check_lease's answer: an error goes to nfs4_recovery_handle_error, the status flags to
   * nfs41_handle_sequence_flag_errors (the same in v3.6 and 3.10.y).
   */
  private Behavior<Command> onLeaseChecked(LeaseChecked checked) {
    if (!(checked.reply() instanceof NfsReply.SequenceReply sequence) || sequence.status() != NfsStat4.NFS4_OK) {
      recoveryError(checked.reply().status());
      return this;
    }
    if (sequence.has(SequenceFlags.RESTART_RECLAIM_NEEDED) && !bits.contains(ClientBit.LEASE_EXPIRED)) {
      setBit(ClientBit.LEASE_EXPIRED); // nfs41_handle_server_reboot
      startReclaimReboot();
    }
    if (sequence.has(SequenceFlags.RECALLABLE_STATE_REVOKED)) {
      for (Delegation d : delegations.values()) { // nfs41_handle_recallable_state_revoked: nfs_expire_all_delegations
        d.apply(settings.variant(), Delegation.Event.MARK_RETURN, null, null);
        reportDelegation(d);
      }
      if (!delegations.isEmpty()) {
        setBit(ClientBit.DELEGRETURN);
      }
    }
    if (sequence.has(SequenceFlags.CB_PATH_DOWN)) {
      setBit(ClientBit.BIND_CONN_TO_SESSION); // nfs41_handle_cb_path_down
    }
    return this;
  }

  /** nfs4_recovery_handle_error (nfs4state.c), for the errors the model's server gives. */
  private void recoveryError(NfsStat4 status) {
    switch (status) {
      case NFS4ERR_STALE_CLIENTID -> {
        setBit(ClientBit.LEASE_EXPIRED);
        clearReclaimReboot();
        startReclaimReboot();
      }
      case NFS4ERR_EXPIRED -> {
        setBit(ClientBit.LEASE_EXPIRED);
        startReclaimNograce();
      }
      case NFS4ERR_BADSESSION -> setBit(ClientBit.SESSION_RESET);
      case NFS4ERR_CONN_NOT_BOUND_TO_SESSION -> setBit(ClientBit.BIND_CONN_TO_SESSION);
      default -> { }
    }
  }

  /**
   * nfs4_state_clear_reclaim_reboot: if reboot recovery is in progress, what it has not reclaimed
   * yet goes to the NOGRACE pass and the delegations still NEED_RECLAIM are reaped.
   */
  private void clearReclaimReboot() {
    if (!clearBit(ClientBit.RECLAIM_REBOOT)) {
      return;
    }
    for (Inode inode : inodes.values()) {
      for (OpenState s : inode.states) {
        if (s.reclaimReboot) {
          markNograce(s);
        }
      }
    }
    for (Delegation d : new ArrayList<>(delegations.values())) {
      if (d.has(Delegation.Flag.NEED_RECLAIM)) { // nfs_delegation_reap_unclaimed: freed, no DELEGRETURN
        reap(d);
      }
    }
  }

  private void reap(Delegation d) {
    d.apply(settings.variant(), Delegation.Event.REAP, null, null);
    Inode inode = inode(d.file());
    if (inode.delegation == d) {
      inode.delegation = null;
    }
    delegations.remove(d.file(), d);
    reportDelegation(d);
  }

  /**
   * nfs4_state_start_reclaim_nograce: every delegation marked and reaped without DELEGRETURN
   * (nfs_delegation_clear_all), every open state to the NOGRACE pass.
   */
  private void startReclaimNograce() {
    for (Delegation d : new ArrayList<>(delegations.values())) {
      d.apply(settings.variant(), Delegation.Event.MARK_RECLAIM, null, null);
      reap(d);
    }
    for (Inode inode : inodes.values()) {
      for (OpenState s : inode.states) {
        markNograce(s);
        s.delegated = false; // nfs4_clear_open_state
        s.lockOwners.values().forEach(lo -> lo.initialized = false);
      }
    }
  }

  private Behavior<Command> onRecoverOpen(RecoverOpen recover) {
    OpenState s = find(inode(recover.file()), recover.owner());
    if (s != null) {
      s.delegated = false;
    }
    return this;
  }

  private Behavior<Command> onMarkNograce(MarkNograce mark) {
    OpenState s = find(inode(mark.file()), mark.owner());
    if (s != null) {
      markNograce(s);
    }
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
        s.reclaimReboot = !s.reclaimNograce; // nfs4_state_mark_reclaim_reboot leaves NOGRACE marks
        s.delegated = false;
        s.lockOwners.values().forEach(lo -> lo.initialized = false);
        if (s.reclaimReboot) {
          setBit(ClientBit.RECLAIM_REBOOT); // nfs4_state_mark_reclaim_reboot sets NFS4CLNT_RECLAIM_REBOOT
        }
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
    List<StateManager.LockToReclaim> locks = new ArrayList<>();
    NfsReply.Delegation granted = reply.delegation();
    if (granted != null && granted.type() != OpenDelegationType.NONE) {
      // nfs_inode_reclaim_delegation, whether or not the file is still open
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
    if (s != null) {
      s.reclaimReboot = false;
      s.reclaimNograce = false;
      updateOpenStateId(s, reply.stateId(), s.access); // may cache the open under the delegation again
      if (!s.delegated) { // nfs4_lock_reclaim skips a state that is still delegated
        for (LockTable.Range r : inode.vfsLocks.ranges()) {
          if (r.owner().equals(reclaimed.owner())) {
            locks.add(new StateManager.LockToReclaim(r.owner(), r.type(), r.start(), r.length()));
          }
        }
      }
    }
    if (s == null && reply.ok()) {
      // Closed while its reclaim was on the wire: the reclaim's reference kept the state, and
      // nfs4_open_recover_helper's nfs4_close_state drops the last count: an asynchronous CLOSE.
      onRpc(new Rpc(DelegationReturn.RPCIOD, new NfsRequest.Close(0, 0, reply.stateId()), false, closeReplies));
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

  /** nfs4_state_end_reclaim_reboot, up to RECLAIM_COMPLETE (which the state manager sends). */
  private Behavior<Command> onEndReclaim() {
    clearReclaimReboot();
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
