package org.nfs41sim.model.client;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The state manager kthread (kernel: nfs4_state_manager), one sequential agent. It asks its
 * client for the next piece of work in the loop's order and does it, sleeping on each RPC: lease
 * establishment (EXCHANGE_ID, CREATE_SESSION), session reset (drain, DESTROY_SESSION,
 * CREATE_SESSION; STALE_CLIENTID means the server restarted), the lease check (a SEQUENCE),
 * reclaim owner by owner (nfs4_do_reclaim: CLAIM_PREVIOUS, or an ordinary OPEN in the NOGRACE
 * pass, then the locks under the inode's rwsem) ending the reboot pass with RECLAIM_COMPLETE, and
 * the return of marked delegations, each in a {@link DelegationReturn} run in its context.
 */
final class StateManager extends AbstractBehavior<StateManager.Command> {
  static final String NAME = NfsClient.STATE_MANAGER;

  sealed interface Command {}

  /** MANAGER_RUNNING was set: run the loop. */
  enum Kick implements Command { INSTANCE }

  /** The next piece of work, or null when the loop is done. */
  record Work(ClientBit bit) implements Command {}

  private record Replied(NfsReply reply) implements Command {}

  /** The next marked delegation, now being returned (null: none left). */
  record ReturnStarted(DelegationReturn.Plan plan) implements Command {}

  /** The asynchronous return ended. */
  private record ReturnDone(DelegationReturn.Done done) implements Command {}

  /** An open to reclaim with CLAIM_PREVIOUS, claiming the delegation type given (NONE: none). */
  record OpenToReclaim(String file, ShareAccess access, OpenDelegationType delegation) {}

  /** The next owner to reclaim (null: none left), its seqcount now write-held, and its opens. */
  record ReclaimOwner(String owner, List<OpenToReclaim> opens) implements Command {}

  /** A VFS lock to reclaim: a LOCK with reclaim set (reboot pass) or an ordinary one (NOGRACE pass). */
  record LockToReclaim(String owner, LockType type, long offset, long length) {}

  /**
   * The reclaimed open's locks to reclaim, and whether the inode has any VFS lock at all: then
   * nfs4_reclaim_locks takes the rwsem for write, even if none of them is this owner's.
   */
  record LocksToClaim(List<LockToReclaim> locks, boolean inodeLocked) implements Command {}

  private enum RwsemGranted implements Command { INSTANCE }

  private enum RetryReclaim implements Command { INSTANCE }

  /** What the manager sleeps on. */
  private enum Phase {
    IDLE, ASKING, EXCHANGE_ID, LEASE_SESSION, DESTROY_SESSION, RESET_SESSION, BIND_CONN, CHECK_LEASE,
    RECLAIM_COMPLETE,
    RETURN_STARTING, RETURNING, RECLAIM_ASKING, RECLAIM_OPEN, RECLAIM_LOCKS_ASKED, RECLAIM_RWSEM, RECLAIM_LOCK
  }

  /** What nfs4_reclaim_open_state does with a reclaim's error (its switch, v3.6 to 3.10.y). */
  private enum ReclaimFailure {
    /** Not an error of the state: go on. */
    NONE,
    /** ADMIN_REVOKED, STALE_STATEID, BAD_STATEID, RECLAIM_BAD, RECLAIM_CONFLICT: the state to NOGRACE, the next one. */
    NEXT_STATE,
    /** EXPIRED, NO_GRACE: the state to NOGRACE, and the owner's reclaim stops with the error. */
    STOP_MARKED,
    /** STALE_CLIENTID and the session errors: the owner's reclaim stops with the error. */
    STOP,
    /** Anything else: "Zeroing state", the open is given up. */
    ZERO
  }

  private StateId reclaimedOpen;
  /** The reclaim pass in progress is the NOGRACE one: ordinary OPEN and LOCK. */
  private boolean nograce;
  /** The reclaim in progress (nfs4_reclaim_open_state). */
  private String reclaimOwner;
  private List<OpenToReclaim> reclaimOpens = List.of();
  private int reclaimIndex;
  private List<LockToReclaim> locksToClaim = List.of();
  private int lockIndex;
  private final Backoff backoff = new Backoff();

  private final ActorRef<NfsClient.Command> client;
  private final String ownerId;
  private final ClientVariant variant;
  private final TimerScheduler<Command> timers;
  private final ActorRef<NfsReply> replies;
  private final Observer observer;
  private Phase phase = Phase.IDLE;

  /** @param ownerId the client owner EXCHANGE_ID presents: the client's name */
  static Behavior<Command> create(ActorRef<NfsClient.Command> client, String ownerId, ClientVariant variant,
      Observer observer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new StateManager(ctx, timers, client, ownerId,
        variant, observer)));
  }

  private StateManager(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      ActorRef<NfsClient.Command> client, String ownerId, ClientVariant variant, Observer observer) {
    super(ctx);
    this.observer = observer;
    this.timers = timers;
    this.client = client;
    this.ownerId = ownerId;
    this.variant = variant;
    this.replies = ctx.messageAdapter(NfsReply.class, Replied::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Kick.INSTANCE, this::onKick)
        .onMessage(Work.class, this::onWork)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(ReturnStarted.class, this::onReturnStarted)
        .onMessage(ReturnDone.class, done -> {
          if (done.done().result().equals("0")) {
            startNextReturn(); // the next marked delegation
          } else {
            askForWork(); // aborted or given up: the loop again, recovery first
          }
          return this;
        })
        .onMessageEquals(RwsemGranted.INSTANCE, this::reclaimNextLock)
        .onMessageEquals(RetryReclaim.INSTANCE, () -> phase == Phase.RECLAIM_LOCK
            ? reclaimNextLock() : reclaimNextOpen())
        .onMessage(LocksToClaim.class, this::onLocksToClaim)
        .onMessage(ReclaimOwner.class, this::onReclaimOwner)
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
      case BIND_CONN_TO_SESSION -> {
        client.tell(NfsClient.BeginDrain.INSTANCE); // nfs4_bind_conn_to_session drains first
        send(Phase.BIND_CONN, new NfsRequest.BindConnToSession(0, 0));
      }
      // nfs4_check_lease: the renewal SEQUENCE, privileged from 3.9 on (_nfs41_proc_sequence).
      case CHECK_LEASE -> send(Phase.CHECK_LEASE, new NfsRequest.Sequence(0, 0));
      case RECLAIM_REBOOT -> {
        nograce = false;
        nextReclaimOwner(); // nfs4_do_reclaim with the reboot ops
      }
      case RECLAIM_NOGRACE -> {
        nograce = true;
        nextReclaimOwner(); // nfs4_do_reclaim with the nograce ops
      }
      case DELEGRETURN -> startNextReturn(); // nfs_client_return_marked_delegations
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
      case BIND_CONN -> {
        if (reply.status() != NfsStat4.NFS4_OK) {
          client.tell(new NfsClient.RecoveryError(reply.status()));
        }
        askForWork();
      }
      case CHECK_LEASE -> {
        client.tell(new NfsClient.LeaseChecked(reply)); // nfs4_recovery_handle_error, the SEQUENCE flags
        askForWork();
      }
      case RECLAIM_COMPLETE -> {
        if (RecallErrors.isSessionError(reply.status())) {
          client.tell(new NfsClient.RecoveryError(reply.status()));
        }
        askForWork(); // OK, or COMPLETE_ALREADY: either way reclaim is over
      }
      case RECLAIM_OPEN -> onReclaimOpenReplied(reply);
      case RECLAIM_LOCK -> onReclaimLockReplied(reply);
      default -> throw new IllegalStateException("a reply while " + phase);
    }
    return this;
  }

  // ---- delegation return, asynchronous (the state manager's DELEGRETURN step) ----

  private void startNextReturn() {
    phase = Phase.RETURN_STARTING;
    client.tell(new NfsClient.StartMarkedReturn(getContext().getSelf()));
  }

  /** The return runs in this agent's context: the state manager sleeps until it ends. */
  private Behavior<Command> onReturnStarted(ReturnStarted started) {
    if (started.plan() == null) {
      askForWork(); // nothing else is marked
      return this;
    }
    phase = Phase.RETURNING;
    getContext().spawnAnonymous(DelegationReturn.create(client, ownerId, NAME, variant, false, started.plan(), observer,
        getContext().messageAdapter(DelegationReturn.Done.class, ReturnDone::new)));
    return this;
  }

  // ---- reclaim (nfs4_do_reclaim, nfs4_reclaim_open_state, nfs4_reclaim_locks) ----

  private void nextReclaimOwner() {
    phase = Phase.RECLAIM_ASKING;
    client.tell(new NfsClient.NextReclaim(nograce, getContext().getSelf()));
  }

  private Behavior<Command> onReclaimOwner(ReclaimOwner next) {
    if (next.owner() == null) {
      if (nograce) {
        askForWork();
        return this;
      }
      endReclaimReboot();
      return this;
    }
    reclaimOwner = next.owner();
    reclaimOpens = next.opens();
    reclaimIndex = 0;
    return reclaimNextOpen();
  }

  /** nfs4_state_end_reclaim_reboot: leftover marks to NOGRACE, unclaimed delegations reaped, RECLAIM_COMPLETE. */
  private void endReclaimReboot() {
    client.tell(NfsClient.EndReclaim.INSTANCE);
    send(Phase.RECLAIM_COMPLETE, new NfsRequest.ReclaimComplete(0, 0));
  }

  private Behavior<Command> reclaimNextOpen() {
    if (reclaimIndex == reclaimOpens.size()) {
      client.tell(new NfsClient.OwnerReclaimed(reclaimOwner));
      nextReclaimOwner();
      return this;
    }
    if (phase != Phase.RECLAIM_OPEN) {
      backoff.reset();
    }
    OpenToReclaim open = reclaimOpens.get(reclaimIndex);
    // Reboot: CLAIM_PREVIOUS (nfs4_open_reclaim); nograce: an ordinary open (nfs41_open_expired).
    OpenClaimType claim = nograce ? OpenClaimType.CLAIM_FH : OpenClaimType.CLAIM_PREVIOUS;
    client.tell(new NfsClient.RecoverOpen(reclaimOwner, open.file()));
    send(Phase.RECLAIM_OPEN, new NfsRequest.Open(0, 0, reclaimOwner, open.file(), claim,
        open.access(), ShareDeny.NONE, false, nograce ? null : open.delegation(), null));
    return this;
  }

  private void onReclaimOpenReplied(NfsReply reply) {
    NfsStat4 status = reply.status();
    if (reply instanceof NfsReply.OpenReply open && open.ok()) {
      reclaimedOpen = open.stateId();
      phase = Phase.RECLAIM_LOCKS_ASKED;
      client.tell(new NfsClient.OpenReclaimed(reclaimOwner, reclaimOpens.get(reclaimIndex).file(), open,
          getContext().getSelf()));
    } else if (status == NfsStat4.NFS4ERR_DELAY || nograce && status == NfsStat4.NFS4ERR_GRACE) {
      // nfs4_do_open_reclaim retries DELAY; nfs4_open_expired GRACE and DELAY: nfs4_delay, in place
      timers.startSingleTimer(RetryReclaim.INSTANCE, backoff.next());
    } else {
      reclaimFailed(status);
    }
  }

  private Behavior<Command> onLocksToClaim(LocksToClaim locks) {
    locksToClaim = locks.locks();
    lockIndex = 0;
    if (!locks.inodeLocked()) { // nfs4_reclaim_locks returns at once when i_flock is empty
      reclaimIndex++;
      return reclaimNextOpen();
    }
    // nfs4_reclaim_locks: down_write(&nfsi->rwsem) against returns and new lock calls.
    phase = Phase.RECLAIM_RWSEM;
    ActorRef<Command> self = getContext().getSelf();
    client.tell(new NfsClient.AcquireRwsem(NAME, reclaimOpens.get(reclaimIndex).file(), Rwsem.Mode.WRITE,
        () -> self.tell(RwsemGranted.INSTANCE)));
    return this;
  }

  private Behavior<Command> reclaimNextLock() {
    String file = reclaimOpens.get(reclaimIndex).file();
    if (lockIndex == locksToClaim.size()) {
      client.tell(new NfsClient.ReleaseRwsem(NAME, file));
      reclaimIndex++;
      return reclaimNextOpen();
    }
    if (phase != Phase.RECLAIM_LOCK) {
      backoff.reset();
    }
    LockToReclaim lock = locksToClaim.get(lockIndex);
    send(Phase.RECLAIM_LOCK, new NfsRequest.Lock(0, 0, lock.type(), !nograce, lock.offset(), lock.length(),
        new NfsRequest.NewLockOwner(reclaimedOpen, lock.owner())));
    return this;
  }

  private void onReclaimLockReplied(NfsReply reply) {
    String file = reclaimOpens.get(reclaimIndex).file();
    NfsStat4 status = reply.status();
    if (reply instanceof NfsReply.LockReply lock && lock.ok()) {
      client.tell(new NfsClient.LockClaimed(locksToClaim.get(lockIndex).owner(), file, lock.stateId()));
    } else if (status == NfsStat4.NFS4ERR_DELAY || nograce && status == NfsStat4.NFS4ERR_GRACE) {
      // nfs4_lock_reclaim retries DELAY; nfs4_lock_expired GRACE and DELAY: nfs4_delay, in place
      timers.startSingleTimer(RetryReclaim.INSTANCE, backoff.next());
      return;
    } else if (failure(status) != ReclaimFailure.ZERO) {
      // nfs4_reclaim_locks stops and hands the error to nfs4_reclaim_open_state
      client.tell(new NfsClient.ReleaseRwsem(NAME, file));
      phase = Phase.RECLAIM_OPEN; // the error is the state's now
      reclaimFailed(status);
      return;
    }
    // DENIED, RECLAIM_BAD, RECLAIM_CONFLICT: "Zeroing state", the lock is lost; so is one left
    // with an error nfs4_reclaim_locks does not know (GRACE in the reboot pass among them).
    lockIndex++;
    reclaimNextLock();
  }

  /** nfs4_reclaim_open_state's switch on an open's (or its locks') error. */
  private void reclaimFailed(NfsStat4 status) {
    String file = reclaimOpens.get(reclaimIndex).file();
    switch (failure(status)) {
      case NEXT_STATE -> {
        client.tell(new NfsClient.MarkNograce(reclaimOwner, file));
        reclaimIndex++;
        reclaimNextOpen();
      }
      case STOP_MARKED -> {
        client.tell(new NfsClient.MarkNograce(reclaimOwner, file));
        stopReclaim(status);
      }
      case STOP -> stopReclaim(status);
      default -> { // "Zeroing state": the open is given up
        reclaimIndex++;
        reclaimNextOpen();
      }
    }
  }

  private static ReclaimFailure failure(NfsStat4 status) {
    return switch (status) {
      case NFS4_OK -> ReclaimFailure.NONE;
      case NFS4ERR_ADMIN_REVOKED, NFS4ERR_STALE_STATEID, NFS4ERR_BAD_STATEID, NFS4ERR_RECLAIM_BAD,
          NFS4ERR_RECLAIM_CONFLICT -> ReclaimFailure.NEXT_STATE;
      case NFS4ERR_EXPIRED, NFS4ERR_NO_GRACE -> ReclaimFailure.STOP_MARKED;
      case NFS4ERR_STALE_CLIENTID, NFS4ERR_BADSESSION, NFS4ERR_CONN_NOT_BOUND_TO_SESSION -> ReclaimFailure.STOP;
      default -> ReclaimFailure.ZERO;
    };
  }

  /**
   * nfs4_do_reclaim on an owner's error: the owner is marked again, the seqcount released, and
   * nfs4_recovery_handle_error acts on the error; the loop starts over. The reboot pass stays
   * pending (its bit is tested, not cleared); the NOGRACE pass's bit was cleared when it began.
   */
  private void stopReclaim(NfsStat4 status) {
    client.tell(new NfsClient.OwnerReclaimed(reclaimOwner));
    if (status == NfsStat4.NFS4ERR_NO_GRACE) {
      endReclaimReboot(); // nfs4_recovery_handle_error: nfs4_state_end_reclaim_reboot
      return;
    }
    if (!nograce) {
      client.tell(new NfsClient.Schedule(ClientBit.RECLAIM_REBOOT));
    }
    client.tell(new NfsClient.RecoveryError(status));
    askForWork();
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
