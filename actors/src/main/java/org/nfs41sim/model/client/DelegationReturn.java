package org.nfs41sim.model.client;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nfs41sim.model.facts.ClientFact;
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
 * One delegation return, run in the context of the agent that started it (the state manager for
 * an asynchronous return, a process for a synchronous one): the agent sleeps until it ends, and
 * every RPC and wait is the agent's. The variant decides the procedure (kernel before and after
 * d25be546a86f, docs/model.md):
 *
 * <ul>
 *   <li>LEGACY (__nfs_inode_return_delegation): the delegation was detached when the return
 *       started; down_write(rwsem), claim the opens and locks, up_write, DELEGRETURN. A session or
 *       stale error gives up: the delegation stays detached, neither returned nor freed.
 *   <li>FIXED (nfs_end_delegation_return): RETURNING while attached; claim without the rwsem, a
 *       changed so_reclaim_seqcount or a session or stale error is EAGAIN; a synchronous return
 *       waits for recovery and rescans, an asynchronous one aborts (RETURN again, re-queued).
 *       Detached only at the end, then DELEGRETURN.
 * </ul>
 */
final class DelegationReturn extends AbstractBehavior<DelegationReturn.Command> {

  /** What to return: the delegation, and the owners whose opens are cached under it. */
  record Plan(long id, String file, StateId delegation, OpenDelegationType type, List<String> owners,
      Map<String, Integer> seqs) {}

  /** A cached lock to claim: nfs4_lock_delegation_recall sends it as a new, ordinary LOCK. */
  record LockToClaim(String owner, LockType type, long offset, long length) {}

  /** How the return ended: "0", or the error its caller gets. */
  record Done(String result) {}

  sealed interface Command {}

  /** The claimed owner's cached locks. */
  record LocksToClaim(List<LockToClaim> locks) implements Command {}

  /** The claims are done; {@code send}: DELEGRETURN goes out with {@code stateId} (false: it ended meanwhile). */
  record ReadyToReturn(boolean send, StateId stateId) implements Command {}

  /** A rescan after recovery (FIXED, synchronous); null: the delegation is gone. */
  record Rescanned(Plan plan) implements Command {}

  /** Whether recovery ran on a claimed owner meanwhile (read_seqcount_retry). */
  record SeqsChecked(boolean changed) implements Command {}

  private enum RwsemGranted implements Command { INSTANCE }

  private enum MutexGranted implements Command { INSTANCE }

  private enum Retry implements Command { INSTANCE }

  private enum Recovered implements Command { INSTANCE }

  private record Replied(NfsReply reply) implements Command {}

  private enum Phase { RWSEM, MUTEX, CLAIM_OPEN, LOCKS_ASKED, CLAIM_LOCK, FINISHING, DELEGRETURN, CHECKING, RECOVERING }

  private final ActorRef<NfsClient.Command> client;
  private final String clientName;
  private final String agent;
  private final Observer observer;
  private final ClientVariant variant;
  private final boolean sync;
  private final ActorRef<Done> replyTo;
  private final TimerScheduler<Command> timers;
  private final ActorRef<NfsReply> replies;
  private final ActorRef<Application.Command> recovery;
  private Plan plan;
  private Phase phase;
  private int ownerIndex;
  private StateId claimedOpen;
  private List<LockToClaim> locks = List.of();
  private int lockIndex;
  /** FIXED (3.10.y): the claimed owner's so_delegreturn_mutex is held, excluding its unlocks. */
  private String mutexHeld;

  /**
   * @param clientName the client host, for the facts
   * @param agent the context the return runs in (a process, or the state manager)
   */
  static Behavior<Command> create(ActorRef<NfsClient.Command> client, String clientName, String agent,
      ClientVariant variant, boolean sync, Plan plan, Observer observer, ActorRef<Done> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new DelegationReturn(ctx, timers, client, clientName, agent, variant, sync, plan, observer, replyTo)));
  }

  private DelegationReturn(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      ActorRef<NfsClient.Command> client, String clientName, String agent, ClientVariant variant, boolean sync,
      Plan plan, Observer observer, ActorRef<Done> replyTo) {
    super(ctx);
    this.clientName = clientName;
    this.observer = observer;
    this.timers = timers;
    this.client = client;
    this.agent = agent;
    this.variant = variant;
    this.sync = sync;
    this.plan = plan;
    this.replyTo = replyTo;
    this.replies = ctx.messageAdapter(NfsReply.class, Replied::new);
    this.recovery = ctx.messageAdapter(Application.Command.class, signal -> Recovered.INSTANCE);
    if (variant == ClientVariant.LEGACY) {
      phase = Phase.RWSEM; // down_write(&nfsi->rwsem) across the claim
      ActorRef<Command> self = ctx.getSelf();
      client.tell(new NfsClient.AcquireRwsem(agent, plan.file(), Rwsem.Mode.WRITE,
          () -> self.tell(RwsemGranted.INSTANCE)));
    } else {
      claimNext();
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(RwsemGranted.INSTANCE, this::claimNext)
        .onMessageEquals(MutexGranted.INSTANCE, this::onMutexGranted)
        .onMessageEquals(Retry.INSTANCE, this::onRetry)
        .onMessageEquals(Recovered.INSTANCE, this::onRecovered)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(LocksToClaim.class, this::onLocksToClaim)
        .onMessage(ReadyToReturn.class, this::onReadyToReturn)
        .onMessage(Rescanned.class, this::onRescanned)
        .onMessage(SeqsChecked.class, this::onSeqsChecked)
        .build();
  }

  /** nfs_delegation_claim_opens: one CLAIM_DELEG_CUR_FH OPEN per cached open, each with its locks. */
  private Behavior<Command> claimNext() {
    if (ownerIndex == plan.owners().size()) {
      if (variant == ClientVariant.LEGACY) {
        client.tell(new NfsClient.ReleaseRwsem(agent, plan.file()));
        return finish();
      }
      phase = Phase.CHECKING; // FIXED: read_seqcount_retry after the claim
      client.tell(new NfsClient.CheckSeqs(plan.seqs(), getContext().getSelf()));
      return this;
    }
    if (variant == ClientVariant.FIXED && mutexHeld == null) {
      // 3.10.y nfs_delegation_claim_opens: mutex_lock(&sp->so_delegreturn_mutex) for this owner.
      phase = Phase.MUTEX;
      ActorRef<Command> self = getContext().getSelf();
      client.tell(new NfsClient.AcquireOwnerMutex(agent, plan.owners().get(ownerIndex),
          () -> self.tell(MutexGranted.INSTANCE)));
      return this;
    }
    phase = Phase.CLAIM_OPEN;
    ShareAccess access = plan.type() == OpenDelegationType.WRITE ? ShareAccess.BOTH : ShareAccess.READ;
    // nfs4_open_delegation_recall goes through nfs4_recover_open_ops: privileged.
    client.tell(new NfsClient.Rpc(agent, new NfsRequest.Open(0, 0, plan.owners().get(ownerIndex), plan.file(),
        OpenClaimType.CLAIM_DELEG_CUR_FH, access, ShareDeny.NONE, false, null, plan.delegation()), true, replies));
    return this;
  }

  private Behavior<Command> onMutexGranted() {
    mutexHeld = plan.owners().get(ownerIndex);
    return claimNext();
  }

  /** mutex_unlock(&sp->so_delegreturn_mutex) once the owner is claimed (or given up). */
  private void releaseMutex() {
    if (mutexHeld != null) {
      client.tell(new NfsClient.ReleaseOwnerMutex(agent, mutexHeld));
      mutexHeld = null;
    }
  }

  private Behavior<Command> onRetry() {
    return phase == Phase.CLAIM_LOCK ? claimNextLock() : claimNext();
  }

  private Behavior<Command> onReplied(Replied replied) {
    NfsReply reply = replied.reply();
    NfsStat4 status = reply.status();
    switch (phase) {
      case CLAIM_OPEN -> {
        if (reply instanceof NfsReply.OpenReply open && open.ok()) {
          claimedOpen = open.stateId();
          phase = Phase.LOCKS_ASKED;
          client.tell(new NfsClient.OpenClaimed(plan.owners().get(ownerIndex), plan.file(), open.stateId(),
              getContext().getSelf()));
        } else if (status == NfsStat4.NFS4ERR_DELAY || status == NfsStat4.NFS4ERR_GRACE) {
          timers.startSingleTimer(Retry.INSTANCE, Application.RETRY);
        } else if (lostSession(status)) {
          return failed(true);
        } else {
          // DELEG_REVOKED, BAD_STATEID: stateid recovery, "the show must go on"; the open is no
          // longer cached (nfs4_open_recover cleared NFS_DELEGATED_STATE before the OPEN).
          client.tell(new NfsClient.ClaimOpenFailed(plan.owners().get(ownerIndex), plan.file()));
          releaseMutex();
          ownerIndex++;
          return claimNext();
        }
      }
      case CLAIM_LOCK -> {
        if (reply instanceof NfsReply.LockReply lock && lock.ok()) {
          client.tell(new NfsClient.LockClaimed(locks.get(lockIndex).owner(), plan.file(), lock.stateId()));
          lockIndex++;
          return claimNextLock();
        } else if (status == NfsStat4.NFS4ERR_DELAY || status == NfsStat4.NFS4ERR_GRACE) {
          timers.startSingleTimer(Retry.INSTANCE, Application.RETRY); // waits out a recall or grace
        } else if (status == NfsStat4.NFS4ERR_OLD_STATEID) {
          // An OPEN of the same owner moved the open stateid on meanwhile; the retry carries the
          // current one (later kernels refresh the stateid and retry; docs/model.md).
          timers.startSingleTimer(Retry.INSTANCE, Application.RETRY);
        } else if (lostSession(status)) {
          return failed(true);
        } else {
          lockIndex++; // DENIED and the like: err = 0, the lock is silently dropped (kernel: SIGLOST)
          return claimNextLock();
        }
      }
      case DELEGRETURN -> {
        // nfs_do_return_delegation frees the delegation whatever DELEGRETURN said.
        client.tell(new NfsClient.DelegationReturned(plan.file(), plan.id(),
            status == NfsStat4.NFS4ERR_DELEG_REVOKED));
        if (status == NfsStat4.NFS4ERR_BADSESSION) {
          client.tell(new NfsClient.Schedule(ClientBit.SESSION_RESET));
        }
        return done("0");
      }
      default -> throw new IllegalStateException("a reply while " + phase);
    }
    return this;
  }

  private Behavior<Command> onLocksToClaim(LocksToClaim claimed) {
    locks = claimed.locks();
    lockIndex = 0;
    return claimNextLock();
  }

  /** nfs_delegation_claim_locks: each cached lock as a LOCK with a new lock owner (NFS_LOCK_NEW). */
  private Behavior<Command> claimNextLock() {
    if (lockIndex == locks.size()) {
      releaseMutex();
      ownerIndex++;
      return claimNext();
    }
    LockToClaim lock = locks.get(lockIndex);
    phase = Phase.CLAIM_LOCK;
    // Not privileged: during a drain this is the send that sleeps (§1.6 b).
    client.tell(new NfsClient.Rpc(agent, new NfsRequest.Lock(0, 0, lock.type(), false, lock.offset(),
        lock.length(), new NfsRequest.NewLockOwner(claimedOpen, lock.owner())), false, replies));
    return this;
  }

  private Behavior<Command> onSeqsChecked(SeqsChecked checked) {
    return checked.changed() ? failed(false) : finish(); // FIXED: recovery ran on an owner: EAGAIN
  }

  private Behavior<Command> finish() {
    phase = Phase.FINISHING;
    client.tell(new NfsClient.FinishReturn(plan.file(), plan.id(), getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onReadyToReturn(ReadyToReturn ready) {
    if (!ready.send()) {
      return done("0");
    }
    phase = Phase.DELEGRETURN;
    client.tell(new NfsClient.Rpc(agent, new NfsRequest.DelegReturn(0, 0, ready.stateId()), false, replies));
    return this;
  }

  /**
   * A session or stale error ({@code sessionLost}), or EAGAIN from a changed seqcount (recovery
   * already ran). LEGACY gives up (the delegation stays detached); FIXED waits for recovery and
   * rescans when synchronous, and aborts and re-queues when asynchronous. Only a lost session
   * asks for session recovery.
   */
  private Behavior<Command> failed(boolean sessionLost) {
    releaseMutex();
    if (variant == ClientVariant.LEGACY) {
      client.tell(new NfsClient.ReleaseRwsem(agent, plan.file()));
      client.tell(new NfsClient.ReturnFailed(plan.file(), plan.id(), sessionLost));
      return done("EIO");
    }
    if (!sync) {
      client.tell(new NfsClient.ReturnFailed(plan.file(), plan.id(), sessionLost));
      return done("EAGAIN");
    }
    phase = Phase.RECOVERING; // nfs4_wait_clnt_recover, then the loop again
    if (sessionLost) {
      client.tell(new NfsClient.Schedule(ClientBit.SESSION_RESET));
    }
    client.tell(new NfsClient.AwaitRecovery(agent, recovery));
    return this;
  }

  private Behavior<Command> onRecovered() {
    client.tell(new NfsClient.RescanReturn(plan.file(), getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onRescanned(Rescanned rescanned) {
    if (rescanned.plan() == null) {
      return done("0"); // the delegation went meanwhile (reaped or revoked)
    }
    plan = rescanned.plan();
    ownerIndex = 0;
    return claimNext();
  }

  private Behavior<Command> done(String result) {
    observer.report(new ClientFact.ReturnEnded(clientName, plan.file(), plan.id(), agent, result));
    replyTo.tell(new Done(result));
    return Behaviors.stopped();
  }

  private static boolean lostSession(NfsStat4 status) {
    return status == NfsStat4.NFS4ERR_BADSESSION || status == NfsStat4.NFS4ERR_STALE_CLIENTID
        || status == NfsStat4.NFS4ERR_STALE_STATEID || status == NfsStat4.NFS4ERR_EXPIRED;
  }
}
