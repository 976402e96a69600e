package org.nfs41sim.model.client;

import java.time.Duration;
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
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * One delegation return, run in the context of the agent that started it (the state manager for
 * an asynchronous return, a process for a synchronous one): the agent sleeps until it ends, and
 * every RPC and wait is the agent's. The procedure is the variant's (docs/model.md):
 *
 * <ul>
 *   <li>Without d25be546a86f (v3.6 __nfs_inode_return_delegation): the delegation was detached
 *       when the return started; down_write(rwsem), claim, up_write; any error gives up, and the
 *       delegation stays detached, neither returned nor freed.
 *   <li>With it (nfs_end_delegation_return): RETURNING while attached, no rwsem; -EAGAIN makes a
 *       synchronous return wait for recovery and rescan; any other error, and -EAGAIN of an
 *       asynchronous return, aborts and re-queues it. Detached only at the end.
 * </ul>
 *
 * <p>The claim itself is nfs_delegation_claim_opens: take the next open state still delegated
 * under the delegation's stateid, reopen it with CLAIM_DELEG_CUR_FH, then send a LOCK for each of
 * its owner's VFS locks, walking the list as it stands; {@link RecallErrors} decides what each
 * status does. DELEGRETURN follows (nfs_do_return_delegation): a synchronous return waits for its
 * answer, the state manager does not.
 */
final class DelegationReturn extends AbstractBehavior<DelegationReturn.Command> {

  /** What to return: the client's delegation id, its file, and its stateid when the return began. */
  record Plan(long id, String file, StateId delegation) {}

  /** How the return ended for its caller: "0", or the error (the caller ignores it). */
  record Done(String result) {}

  sealed interface Command {}

  /**
   * The next open state to claim, now referenced by the return: its owner, the access it has
   * open, and so_reclaim_seqcount as read after the owner's so_delegreturn_mutex was taken; a
   * null owner: none is left.
   */
  record OwnerToClaim(String owner, ShareAccess access, int seq) implements Command {}

  /** The owner's next VFS lock to claim, and the open stateid its LOCK carries; null type: none left. */
  record LockToClaim(LockType type, long offset, long length, StateId openStateId) implements Command {}

  /** The owner's claim is over; {@code error}: null, or how the claim of the opens ends (EAGAIN...). */
  record OwnerClaimed(String error) implements Command {}

  /** The claims are done; {@code send}: DELEGRETURN goes out with {@code stateId} (false: it ended meanwhile). */
  record ReadyToReturn(boolean send, StateId stateId) implements Command {}

  private enum RwsemGranted implements Command { INSTANCE }

  private enum Retry implements Command { INSTANCE }

  private enum SleptThenAgain implements Command { INSTANCE }

  private enum Recovered implements Command { INSTANCE }

  private record Replied(NfsReply reply) implements Command {}

  /** What the return sleeps on. */
  private enum Phase {
    RWSEM, NEXT_OWNER, CLAIM_OPEN, NEXT_LOCK, CLAIM_LOCK, OWNER_END, RECOVERING, FINISHING, DELEGRETURN,
    DELEGRETURN_RECOVERING
  }

  /** The context of an asynchronous DELEGRETURN once the state manager went on (an rpciod task). */
  static final String RPCIOD = "rpciod";

  /** ssleep(1) of the 3.10.y recall error handler. */
  private static final Duration RECALL_SLEEP = Duration.ofSeconds(1);

  private final ActorRef<NfsClient.Command> client;
  private final String clientName;
  private final String agent;
  private final Observer observer;
  private final ClientVariant variant;
  private final boolean sync;
  private final Plan plan;
  private final ActorRef<Done> replyTo;
  private final TimerScheduler<Command> timers;
  private final ActorRef<NfsReply> replies;
  private final ActorRef<Application.Command> recovery;
  private final Backoff backoff = new Backoff();
  private Phase phase;
  /** The owner being claimed, the access it has open, its seqcount, the delegation's last stateid. */
  private String owner;
  private ShareAccess access;
  private int seq;
  private StateId lastStateId;
  private LockToClaim lock;
  private long lockedUpTo = -1;
  private boolean callerReleased;

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
    this.lastStateId = plan.delegation();
    this.replyTo = replyTo;
    this.replies = ctx.messageAdapter(NfsReply.class, Replied::new);
    this.recovery = ctx.messageAdapter(Application.Command.class, signal -> Recovered.INSTANCE);
    if (attachedWhileReturning()) {
      nextOwner();
    } else {
      phase = Phase.RWSEM; // v3.6 __nfs_inode_return_delegation: down_write(&nfsi->rwsem) across the claim
      ActorRef<Command> self = ctx.getSelf();
      client.tell(new NfsClient.AcquireRwsem(agent, plan.file(), Rwsem.Mode.WRITE,
          () -> self.tell(RwsemGranted.INSTANCE)));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(RwsemGranted.INSTANCE, this::nextOwner)
        .onMessageEquals(Retry.INSTANCE, this::onRetry)
        .onMessageEquals(SleptThenAgain.INSTANCE, () -> endOwner("EAGAIN"))
        .onMessageEquals(Recovered.INSTANCE, this::onRecovered)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(OwnerToClaim.class, this::onOwnerToClaim)
        .onMessage(LockToClaim.class, this::onLockToClaim)
        .onMessage(OwnerClaimed.class, this::onOwnerClaimed)
        .onMessage(ReadyToReturn.class, this::onReadyToReturn)
        .build();
  }

  private boolean attachedWhileReturning() {
    return variant.has(KernelChange.RETURN_WHILE_ATTACHED);
  }

  /** nfs_delegation_claim_opens, `again:`: the next open state still delegated under the delegation. */
  private Behavior<Command> nextOwner() {
    phase = Phase.NEXT_OWNER;
    client.tell(new NfsClient.NextClaim(agent, plan.file(), plan.id(), lastStateId, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onOwnerToClaim(OwnerToClaim next) {
    if (next.owner() == null) {
      return claimsEnded(null);
    }
    owner = next.owner();
    access = next.access();
    seq = next.seq();
    backoff.reset(); // a new nfs4_exception for this nfs4_open_delegation_recall
    return sendClaimOpen();
  }

  /** nfs4_open_delegation_recall: CLAIM_DELEG_CUR_FH, privileged (nfs4_recover_open_ops). */
  private Behavior<Command> sendClaimOpen() {
    phase = Phase.CLAIM_OPEN;
    client.tell(new NfsClient.Rpc(agent, new NfsRequest.Open(0, 0, owner, plan.file(),
        OpenClaimType.CLAIM_DELEG_CUR_FH, access, ShareDeny.NONE, false, null, lastStateId), true, replies));
    return this;
  }

  private Behavior<Command> onRetry() {
    return switch (phase) {
      case CLAIM_OPEN -> sendClaimOpen();
      case CLAIM_LOCK -> sendClaimLock();
      case DELEGRETURN -> sendDelegReturn();
      default -> throw new IllegalStateException("a retry while " + phase);
    };
  }

  /** nfs4_wait_clnt_recover returned: the claim loop again, or the DELEGRETURN restarted. */
  private Behavior<Command> onRecovered() {
    if (phase == Phase.DELEGRETURN_RECOVERING) {
      phase = Phase.DELEGRETURN;
      return sendDelegReturn();
    }
    return nextOwner();
  }

  private Behavior<Command> onReplied(Replied replied) {
    NfsReply reply = replied.reply();
    return switch (phase) {
      case CLAIM_OPEN -> onClaimOpenReplied(reply);
      case CLAIM_LOCK -> onClaimLockReplied(reply);
      case DELEGRETURN -> onDelegReturnReplied(reply.status());
      default -> throw new IllegalStateException("a reply while " + phase);
    };
  }

  private Behavior<Command> onClaimOpenReplied(NfsReply reply) {
    RecallErrors.Outcome outcome = RecallErrors.openRecall(variant, reply.status());
    if (outcome.action() == RecallErrors.Action.OK && reply instanceof NfsReply.OpenReply open) {
      client.tell(new NfsClient.OpenClaimed(owner, plan.file(), open.stateId()));
      return nextLock();
    }
    report(reply.status(), outcome);
    return switch (outcome.action()) {
      case GO_ON -> nextLock(); // v3.6: err >= 0, so the owner's locks are claimed all the same
      default -> afterError(outcome);
    };
  }

  /** nfs_delegation_claim_locks: the owner's next lock in the VFS list, as it stands now. */
  private Behavior<Command> nextLock() {
    phase = Phase.NEXT_LOCK;
    client.tell(new NfsClient.NextLockToClaim(agent, owner, plan.file(), lockedUpTo, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onLockToClaim(LockToClaim next) {
    if (next.type() == null) {
      return endOwner(null);
    }
    lock = next;
    lockedUpTo = next.offset();
    backoff.reset();
    return sendClaimLock();
  }

  /**
   * nfs4_lock_delegation_recall: a LOCK, NFS_LOCK_NEW: not privileged (§1.6 b). Its locker is
   * decided again when it is encoded (NfsClient: a lock owner the server knows by then sends its
   * lock stateid).
   */
  private Behavior<Command> sendClaimLock() {
    phase = Phase.CLAIM_LOCK;
    client.tell(new NfsClient.Rpc(agent, new NfsRequest.Lock(0, 0, lock.type(), false, lock.offset(), lock.length(),
        new NfsRequest.NewLockOwner(lock.openStateId(), owner)), false, replies));
    return this;
  }

  private Behavior<Command> onClaimLockReplied(NfsReply reply) {
    RecallErrors.Outcome outcome = RecallErrors.lockRecall(variant, reply.status());
    if (outcome.action() == RecallErrors.Action.OK && reply instanceof NfsReply.LockReply granted) {
      client.tell(new NfsClient.LockClaimed(owner, plan.file(), granted.stateId()));
      return nextLock();
    }
    report(reply.status(), outcome);
    return switch (outcome.action()) {
      case GO_ON -> nextLock(); // DENIED: the lock is left only locally ("kill_proc(SIGLOST)")
      default -> afterError(outcome);
    };
  }

  /** RETRY, SLEEP_THEN_AGAIN, AGAIN or FAIL. */
  private Behavior<Command> afterError(RecallErrors.Outcome outcome) {
    switch (outcome.action()) {
      case RETRY -> timers.startSingleTimer(Retry.INSTANCE, backoff.next()); // nfs4_delay, in place
      case SLEEP_THEN_AGAIN -> timers.startSingleTimer(SleptThenAgain.INSTANCE, RECALL_SLEEP);
      case AGAIN -> {
        return endOwner("EAGAIN");
      }
      default -> {
        return endOwner("EIO");
      }
    }
    return this;
  }

  /** The claim handler's side effects on the client: recovery to schedule, NFS_DELEGATED_STATE. */
  private void report(NfsStat4 status, RecallErrors.Outcome outcome) {
    if (outcome.recovery() != RecallErrors.Recovery.NONE || outcome.setDelegated()) {
      client.tell(new NfsClient.ClaimError(owner, plan.file(), lastStateId, status, outcome.recovery(),
          outcome.setDelegated()));
    }
  }

  /** The owner's claim ends: the seqcount re-check (with the seed), so_delegreturn_mutex released. */
  private Behavior<Command> endOwner(String error) {
    phase = Phase.OWNER_END;
    lockedUpTo = -1;
    client.tell(new NfsClient.EndOwnerClaim(agent, owner, plan.file(), seq, error, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onOwnerClaimed(OwnerClaimed claimed) {
    return claimed.error() == null ? nextOwner() : claimsEnded(claimed.error());
  }

  /** nfs_delegation_claim_opens returned {@code error} (null: nothing left to claim). */
  private Behavior<Command> claimsEnded(String error) {
    if (!attachedWhileReturning()) {
      client.tell(new NfsClient.ReleaseRwsem(agent, plan.file())); // up_write
      if (error != null) {
        client.tell(new NfsClient.ReturnFailed(plan.file(), plan.id(), sync)); // the delegation stays detached
        return done(error);
      }
      return finish();
    }
    if (error == null) {
      return finish();
    }
    if (sync && error.equals("EAGAIN")) {
      phase = Phase.RECOVERING; // nfs4_wait_clnt_recover, then the loop again
      client.tell(new NfsClient.AwaitRecovery(agent, recovery));
      return this;
    }
    client.tell(new NfsClient.ReturnFailed(plan.file(), plan.id(), sync)); // nfs_abort_delegation_return
    return done(error);
  }

  private Behavior<Command> finish() {
    phase = Phase.FINISHING;
    client.tell(new NfsClient.FinishReturn(plan.file(), plan.id(), getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onReadyToReturn(ReadyToReturn ready) {
    if (!ready.send()) {
      return done("0"); // not current any more (reaped meanwhile): no DELEGRETURN
    }
    lastStateId = ready.stateId();
    phase = Phase.DELEGRETURN;
    sendDelegReturn();
    if (!sync) {
      callerReleased = true;
      replyTo.tell(new Done("0")); // nfs_do_return_delegation(issync=0): the state manager goes on
    }
    return this;
  }

  private Behavior<Command> sendDelegReturn() {
    client.tell(new NfsClient.Rpc(sync ? agent : RPCIOD, new NfsRequest.DelegReturn(0, 0, lastStateId), false,
        replies));
    return this;
  }

  /** nfs4_delegreturn_done and nfs4_proc_delegreturn; the delegation is freed whatever the answer. */
  private Behavior<Command> onDelegReturnReplied(NfsStat4 status) {
    if (RecallErrors.isSessionError(status)) {
      client.tell(new NfsClient.Schedule(status == NfsStat4.NFS4ERR_CONN_NOT_BOUND_TO_SESSION
          ? ClientBit.BIND_CONN_TO_SESSION : ClientBit.SESSION_RESET));
      if (variant.has(KernelChange.V3_10_Y)) {
        phase = Phase.DELEGRETURN_RECOVERING; // 3.10.y: wait on cl_rpcwaitq for the state manager, then restart
        client.tell(new NfsClient.AwaitRecovery(sync ? agent : RPCIOD, recovery));
        return this;
      }
      return sendDelegReturn(); // restarted at once; it sleeps on the slot table once the drain began
    }
    if (status == NfsStat4.NFS4ERR_DELAY || status == NfsStat4.NFS4ERR_GRACE) {
      timers.startSingleTimer(Retry.INSTANCE, Backoff.MAX); // nfs4_async_handle_error: rpc_delay(15 s)
      return this;
    }
    boolean revoked = status == NfsStat4.NFS4ERR_DELEG_REVOKED || status == NfsStat4.NFS4ERR_ADMIN_REVOKED;
    client.tell(new NfsClient.DelegationReturned(plan.file(), plan.id(), revoked));
    boolean ok = status == NfsStat4.NFS4_OK || status == NfsStat4.NFS4ERR_STALE_STATEID
        || status == NfsStat4.NFS4ERR_EXPIRED
        || (variant.has(KernelChange.V3_10_Y) && (revoked || status == NfsStat4.NFS4ERR_BAD_STATEID
            || status == NfsStat4.NFS4ERR_OLD_STATEID));
    return done(ok ? "0" : "EIO");
  }

  private Behavior<Command> done(String result) {
    observer.report(new ClientFact.ReturnEnded(clientName, plan.file(), plan.id(), agent, result));
    if (!callerReleased) {
      replyTo.tell(new Done(result));
    }
    return Behaviors.stopped();
  }
}
