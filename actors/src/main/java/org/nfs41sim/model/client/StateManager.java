package org.nfs41sim.model.client;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
 * The state manager kthread (kernel: nfs4_state_manager, 3.10), one sequential agent. It asks
 * its client for the next piece of work in the loop's order and does it, sleeping on each RPC:
 * lease establishment (EXCHANGE_ID, CREATE_SESSION), session reset (drain, DESTROY_SESSION,
 * CREATE_SESSION; STALE_CLIENTID means the server restarted), the end of reboot reclaim
 * (RECLAIM_COMPLETE). Reclaiming open, lock and delegation state comes with that state.
 */
final class StateManager extends AbstractBehavior<StateManager.Command> {
  static final String NAME = NfsClient.STATE_MANAGER;

  sealed interface Command {}

  /** MANAGER_RUNNING was set: run the loop. */
  enum Kick implements Command { INSTANCE }

  /** The next piece of work, or null when the loop is done. */
  record Work(ClientBit bit) implements Command {}

  private record Replied(NfsReply reply) implements Command {}

  /** The next marked delegation, now being returned (file null: none left), and whose opens to claim. */
  record ReturnStarted(String file, StateId delegation, OpenDelegationType type, List<String> owners)
      implements Command {}

  /** The claims are done; {@code send}: DELEGRETURN goes out (false: reaped meanwhile). */
  record ReadyToReturn(boolean send) implements Command {}

  /** A cached lock to claim: nfs4_lock_delegation_recall sends it as a new, ordinary LOCK. */
  record LockToClaim(String owner, LockType type, long offset, long length) {}

  /** The claimed owner's cached locks. */
  record LocksToClaim(List<LockToClaim> locks) implements Command {}

  private enum RwsemGranted implements Command { INSTANCE }

  private enum RetryClaim implements Command { INSTANCE }

  /** What the manager sleeps on. */
  private enum Phase {
    IDLE, ASKING, EXCHANGE_ID, LEASE_SESSION, DESTROY_SESSION, RESET_SESSION, RECLAIM_COMPLETE,
    RETURN_STARTING, RETURN_RWSEM, CLAIM_OPEN, CLAIM_LOCKS_ASKED, CLAIM_LOCK, RETURN_FINISHING, DELEGRETURN
  }

  /** The return in progress (nfs_end_delegation_return / __nfs_inode_return_delegation). */
  private String returnFile;
  private StateId returnStateId;
  private OpenDelegationType returnType;
  private List<String> claimOwners = List.of();
  private int claimIndex;
  private StateId claimedOpen;
  private List<LockToClaim> locksToClaim = List.of();
  private int lockIndex;

  private final ActorRef<NfsClient.Command> client;
  private final String ownerId;
  private final ClientVariant variant;
  private final TimerScheduler<Command> timers;
  private final ActorRef<NfsReply> replies;
  private Phase phase = Phase.IDLE;

  /** @param ownerId the client owner EXCHANGE_ID presents: the client's name */
  static Behavior<Command> create(ActorRef<NfsClient.Command> client, String ownerId, ClientVariant variant) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new StateManager(ctx, timers, client, ownerId,
        variant)));
  }

  private StateManager(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      ActorRef<NfsClient.Command> client, String ownerId, ClientVariant variant) {
    super(ctx);
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
        .onMessageEquals(RwsemGranted.INSTANCE, this::claimNext)
        .onMessageEquals(RetryClaim.INSTANCE, this::claimNext)
        .onMessage(ReadyToReturn.class, this::onReadyToReturn)
        .onMessage(LocksToClaim.class, this::onLocksToClaim)
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
      case RECLAIM_COMPLETE -> {
        if (reply.status() == NfsStat4.NFS4ERR_BADSESSION) {
          client.tell(new NfsClient.Schedule(ClientBit.SESSION_RESET));
        }
        askForWork(); // OK, or COMPLETE_ALREADY: either way reclaim is over
      }
      case CLAIM_OPEN -> onClaimReplied(reply);
      case CLAIM_LOCK -> onLockClaimReplied(reply);
      case DELEGRETURN -> {
        // nfs_do_return_delegation frees the delegation whatever DELEGRETURN said.
        client.tell(new NfsClient.DelegationReturned(returnFile, returnStateId,
            reply.status() == NfsStat4.NFS4ERR_DELEG_REVOKED));
        if (reply.status() == NfsStat4.NFS4ERR_BADSESSION) {
          client.tell(new NfsClient.Schedule(ClientBit.SESSION_RESET));
        }
        startNextReturn();
      }
      default -> throw new IllegalStateException("a reply while " + phase);
    }
    return this;
  }

  // ---- delegation return, asynchronous (the state manager's DELEGRETURN step) ----

  private void startNextReturn() {
    phase = Phase.RETURN_STARTING;
    client.tell(new NfsClient.StartMarkedReturn(getContext().getSelf()));
  }

  private Behavior<Command> onReturnStarted(ReturnStarted started) {
    if (started.file() == null) {
      askForWork(); // nothing else is marked
      return this;
    }
    returnFile = started.file();
    returnStateId = started.delegation();
    returnType = started.type();
    claimOwners = started.owners();
    claimIndex = 0;
    if (variant == ClientVariant.LEGACY) {
      // __nfs_inode_return_delegation: down_write(&nfsi->rwsem) across the claim.
      phase = Phase.RETURN_RWSEM;
      ActorRef<Command> self = getContext().getSelf();
      client.tell(new NfsClient.AcquireRwsem(NAME, returnFile, Rwsem.Mode.WRITE,
          () -> self.tell(RwsemGranted.INSTANCE)));
      return this;
    }
    return claimNext(); // FIXED: no rwsem across the claim
  }

  /** nfs_delegation_claim_opens: one CLAIM_DELEG_CUR_FH OPEN per cached open, then the return. */
  private Behavior<Command> claimNext() {
    if (claimIndex == claimOwners.size()) {
      if (variant == ClientVariant.LEGACY) {
        client.tell(new NfsClient.ReleaseRwsem(NAME, returnFile));
      }
      phase = Phase.RETURN_FINISHING;
      client.tell(new NfsClient.FinishReturn(returnFile, returnStateId, getContext().getSelf()));
      return this;
    }
    phase = Phase.CLAIM_OPEN;
    ShareAccess access = returnType == OpenDelegationType.WRITE ? ShareAccess.BOTH : ShareAccess.READ;
    // nfs4_open_delegation_recall goes through nfs4_recover_open_ops: privileged.
    client.tell(new NfsClient.Rpc(NAME, new NfsRequest.Open(0, 0, claimOwners.get(claimIndex), returnFile,
        OpenClaimType.CLAIM_DELEG_CUR_FH, access, ShareDeny.NONE, false, null, returnStateId), true, replies));
    return this;
  }

  private void onClaimReplied(NfsReply reply) {
    NfsStat4 status = reply.status();
    if (reply instanceof NfsReply.OpenReply open && open.ok()) {
      claimedOpen = open.stateId();
      phase = Phase.CLAIM_LOCKS_ASKED;
      client.tell(new NfsClient.OpenClaimed(claimOwners.get(claimIndex), returnFile, open.stateId(),
          getContext().getSelf()));
    } else if (status == NfsStat4.NFS4ERR_DELAY) {
      phase = Phase.RETURN_RWSEM;
      timers.startSingleTimer(RetryClaim.INSTANCE, Application.RETRY);
    } else if (lostSession(status)) {
      giveUp();
    } else {
      // DELEG_REVOKED, BAD_STATEID, ...: stateid recovery, and "the show must go on".
      claimIndex++;
      claimNext();
    }
  }

  private Behavior<Command> onLocksToClaim(LocksToClaim locks) {
    locksToClaim = locks.locks();
    lockIndex = 0;
    return claimNextLock();
  }

  /** nfs_delegation_claim_locks: each cached lock as a LOCK with a new lock owner (NFS_LOCK_NEW). */
  private Behavior<Command> claimNextLock() {
    if (lockIndex == locksToClaim.size()) {
      claimIndex++;
      return claimNext();
    }
    LockToClaim lock = locksToClaim.get(lockIndex);
    phase = Phase.CLAIM_LOCK;
    // Not privileged: during a drain this is the send that sleeps (§1.6 b).
    client.tell(new NfsClient.Rpc(NAME, new NfsRequest.Lock(0, 0, lock.type(), false, lock.offset(),
        lock.length(), new NfsRequest.NewLockOwner(claimedOpen, lock.owner())), false, replies));
    return this;
  }

  private void onLockClaimReplied(NfsReply reply) {
    NfsStat4 status = reply.status();
    if (reply instanceof NfsReply.LockReply lock && lock.ok()) {
      client.tell(new NfsClient.LockClaimed(locksToClaim.get(lockIndex).owner(), returnFile, lock.stateId()));
      lockIndex++;
      claimNextLock();
    } else if (status == NfsStat4.NFS4ERR_DELAY) {
      claimNextLock(); // retried at once: the server answers the same until the conflict clears
    } else if (lostSession(status)) {
      giveUp();
    } else {
      lockIndex++; // DENIED and the like: err = 0, the lock is silently dropped (kernel: SIGLOST)
      claimNextLock();
    }
  }

  private static boolean lostSession(NfsStat4 status) {
    return status == NfsStat4.NFS4ERR_BADSESSION || status == NfsStat4.NFS4ERR_STALE_CLIENTID
        || status == NfsStat4.NFS4ERR_STALE_STATEID || status == NfsStat4.NFS4ERR_EXPIRED;
  }

  /**
   * A session or stale error in the claim. LEGACY schedules recovery and gives up: the delegation
   * stays detached. FIXED maps it to EAGAIN, and the asynchronous return aborts and is re-queued
   * (nfs_abort_delegation_return).
   */
  private void giveUp() {
    if (variant == ClientVariant.LEGACY) {
      client.tell(new NfsClient.ReleaseRwsem(NAME, returnFile));
    }
    client.tell(new NfsClient.ReturnFailed(returnFile, returnStateId, true));
    askForWork();
  }

  private Behavior<Command> onReadyToReturn(ReadyToReturn ready) {
    if (!ready.send()) {
      startNextReturn();
      return this;
    }
    phase = Phase.DELEGRETURN;
    client.tell(new NfsClient.Rpc(NAME, new NfsRequest.DelegReturn(0, 0, returnStateId), false, replies));
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
