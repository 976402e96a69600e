package org.nfs41sim.model.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * A process: it executes the steps it is handed, one after another, each a system call into the
 * client (kernel: nfs4_atomic_open, nfs4_proc_lock, nfs4_close_state). It draws nothing at
 * random; it reports each call's start and return. It keeps its open file descriptors: a lock
 * call goes through the latest one of the file, and needs its open mode (nfs4_proc_lock answers
 * EBADF otherwise); a call on a file it has not open is EBADF. DELAY and GRACE are retried after
 * nfs4_delay's back-off (nfs4_handle_exception), or 15 s for the asynchronous CLOSE and LOCKU
 * (nfs4_async_handle_error); a lost session waits for recovery (nfs4_wait_clnt_recover) and
 * retries. A delegation return a call makes first never fails the call: its callers ignore it.
 */
public final class Application extends AbstractBehavior<Application.Command> {

  /** A step a process is handed. */
  public sealed interface Step {}

  /** open(2) with O_RDONLY, O_WRONLY or O_RDWR; with O_CREAT when {@code create}. */
  public record Open(String file, ShareAccess access, boolean create) implements Step {
    public Open(String file, ShareAccess access) {
      this(file, access, false);
    }
  }

  /** close(2) of the process's last open of the file. */
  public record Close(String file) implements Step {}

  /** fcntl(F_SETLK): a non-blocking POSIX lock; a conflict returns EAGAIN, it is not retried. */
  public record Lock(String file, LockType type, long offset, long length) implements Step {}

  /** fcntl(F_SETLK, F_UNLCK). */
  public record Unlock(String file, long offset, long length) implements Step {}

  /**
   * chmod(2): a SETATTR, which first returns the inode's delegation synchronously in this process
   * (kernel: nfs4_inode_return_delegation from nfs_setattr).
   */
  public record Chmod(String file) implements Step {}

  /** unlink(2): a REMOVE, which first returns the inode's delegation synchronously (nfs_unlink). */
  public record Unlink(String file) implements Step {}

  /** Think time: the process does nothing NFS-related for a while. */
  public record Pause(Duration duration) implements Step {}

  /** What a process accepts. */
  public sealed interface Command {}

  /**
   * nfs4_try_open_cached's answer: opened under the delegation, or an OPEN must go out; {@code
   * seq} is so_reclaim_seqcount as read before it (_nfs4_open_and_get_state).
   */
  record OpenedLocally(boolean cached, int seq) implements Command {}

  /**
   * An open for write under a READ delegation: nfs4_return_incompatible_delegation returns it
   * synchronously first (the plan), then the OPEN goes out.
   */
  record ReturnBeforeOpen(DelegationReturn.Plan plan, ClientVariant variant) implements Command {}

  /** The client finished a section on the process's behalf. */
  enum SectionDone implements Command { INSTANCE }

  /** The last open went: send CLOSE with this stateid, or nothing when the server never knew it. */
  record CloseLocally(StateId openStateId) implements Command {}

  /**
   * The lock is decided: "0", "EAGAIN", "RETRY" (start over at once), "DELAY" (recovery ran
   * meanwhile: -NFS4ERR_DELAY, back off and start over), or an error.
   */
  record LockDone(String result) implements Command {}

  /** The lock must go to the server: with this locker, and the seqcount read before the RPC. */
  record LockNeedsRpc(NfsRequest.Locker locker, int seq) implements Command {}

  /** The lock is gone locally; LOCKU goes out with this stateid, or nothing was known to the server. */
  record UnlockLocally(StateId lockStateId) implements Command {}

  /** The synchronous return started (null plan: no delegation to return). */
  record SyncReturnStarted(DelegationReturn.Plan plan, ClientVariant variant) implements Command {}

  private record ReturnDone(DelegationReturn.Done done) implements Command {}

  /** Recovery ended (MANAGER_RUNNING cleared). */
  enum Recovered implements Command { INSTANCE }

  private record Replied(NfsReply reply) implements Command {}

  private enum Retry implements Command { INSTANCE }

  private enum Resume implements Command { INSTANCE }

  private final String client;
  private final String process;
  private final ActorRef<NfsClient.Command> nfs;
  private final Observer observer;
  private final TimerScheduler<Command> timers;
  private final ActorRef<NfsReply> replies;
  private final List<Step> steps;
  /** Open file descriptors per file, latest last: the access each was opened with. */
  private final Map<String, Deque<ShareAccess>> fds = new TreeMap<>();
  /** nfs4_delay's back-off of the call in progress. */
  private final Backoff backoff = new Backoff();
  private int next;
  private Step current;
  /** so_reclaim_seqcount as read before the OPEN in flight. */
  private int openSeq;

  public static Behavior<Command> create(String client, String process, ActorRef<NfsClient.Command> nfs,
      List<Step> steps, Observer observer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Application(ctx, timers, client, process, nfs, steps, observer)));
  }

  private Application(ActorContext<Command> ctx, TimerScheduler<Command> timers, String client,
      String process, ActorRef<NfsClient.Command> nfs, List<Step> steps, Observer observer) {
    super(ctx);
    this.timers = timers;
    this.client = client;
    this.process = process;
    this.nfs = nfs;
    this.steps = List.copyOf(steps);
    this.observer = observer;
    this.replies = ctx.messageAdapter(NfsReply.class, Replied::new);
    nfs.tell(new NfsClient.AwaitMount(process, ctx.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Recovered.INSTANCE, this::onRecovered)
        .onMessageEquals(Retry.INSTANCE, this::begin)
        .onMessageEquals(Resume.INSTANCE, this::nextStep)
        .onMessage(OpenedLocally.class, this::onOpenedLocally)
        .onMessageEquals(SectionDone.INSTANCE, () -> current instanceof Open o ? opened(o) : finished())
        .onMessage(CloseLocally.class, this::onCloseLocally)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(LockDone.class, this::onLockDone)
        .onMessage(LockNeedsRpc.class, this::onLockNeedsRpc)
        .onMessage(UnlockLocally.class, this::onUnlockLocally)
        .onMessage(SyncReturnStarted.class, this::onSyncReturnStarted)
        .onMessage(ReturnBeforeOpen.class, r -> onSyncReturnStarted(new SyncReturnStarted(r.plan(), r.variant())))
        .onMessage(ReturnDone.class, this::onReturnDone)
        .build();
  }

  private Behavior<Command> onRecovered() {
    return current == null ? nextStep() : begin();
  }

  private Behavior<Command> nextStep() {
    if (next == steps.size()) {
      current = null;
      return this;
    }
    current = steps.get(next++);
    if (current instanceof Pause p) {
      timers.startSingleTimer(Resume.INSTANCE, p.duration());
      return this;
    }
    backoff.reset(); // a new nfs4_exception
    if (current instanceof Unlock u) {
      observer.report(new ClientFact.LockReleasing(client, process, u.file(), u.offset(), u.length()));
    }
    observer.report(new ClientFact.OpStarted(client, process, op(current), file(current)));
    String badFd = badFd(current);
    return badFd != null ? returned(badFd) : begin();
  }

  /**
   * EBADF when the call has no open descriptor of its file, or (nfs4_proc_lock) a write lock
   * through one not open for write, a read lock through one not open for read; else null.
   */
  private String badFd(Step step) {
    if (step instanceof Open || step instanceof Chmod || step instanceof Unlink) {
      return null; // by name
    }
    Deque<ShareAccess> open = fds.get(file(step));
    if (open == null || open.isEmpty()) {
      return "EBADF";
    }
    if (step instanceof Lock l) {
      ShareAccess mode = open.peekLast();
      boolean allowed = l.type().writes() ? mode.writes() : (mode.bits & ShareAccess.READ.bits) != 0;
      return allowed ? null : "EBADF";
    }
    return null;
  }

  /** (Re)starts the current step from its first section. */
  private Behavior<Command> begin() {
    if (current instanceof Close && closing != null) {
      return sendClose(); // the state is gone locally; only the CLOSE is left to send
    }
    if (current instanceof Open o) {
      nfs.tell(new NfsClient.OpenCached(process, o.file(), o.access(), false, getContext().getSelf()));
    } else if (current instanceof Close c) {
      fds.get(c.file()).pollLast();
      nfs.tell(new NfsClient.CloseLocal(process, c.file(), getContext().getSelf()));
    } else if (current instanceof Lock l) {
      nfs.tell(new NfsClient.LockStart(process, l.file(), l.type(), l.offset(), l.length(), getContext().getSelf()));
    } else if (current instanceof Unlock u) {
      nfs.tell(new NfsClient.UnlockStart(process, u.file(), u.offset(), u.length(), getContext().getSelf()));
    } else if (current instanceof Chmod c) {
      nfs.tell(new NfsClient.StartSyncReturn(process, c.file(), getContext().getSelf()));
    } else if (current instanceof Unlink u) {
      nfs.tell(new NfsClient.StartSyncReturn(process, u.file(), getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onSyncReturnStarted(SyncReturnStarted started) {
    if (started.plan() == null) {
      return afterReturn();
    }
    getContext().spawnAnonymous(DelegationReturn.create(nfs, client, process, started.variant(), true, started.plan(), observer,
        getContext().messageAdapter(DelegationReturn.Done.class, ReturnDone::new)));
    return this;
  }

  /** nfs_setattr, nfs_safe_remove and nfs4_return_incompatible_delegation ignore how the return ended. */
  private Behavior<Command> onReturnDone(ReturnDone returned) {
    return afterReturn();
  }

  /** The call the return made way for: OPEN (an open for write under a READ delegation), SETATTR, REMOVE. */
  private Behavior<Command> afterReturn() {
    if (current instanceof Open o) {
      nfs.tell(new NfsClient.OpenCached(process, o.file(), o.access(), true, getContext().getSelf()));
      return this;
    }
    NfsRequest request = current instanceof Chmod c
        ? new NfsRequest.Setattr(0, 0, c.file(), null)
        : new NfsRequest.Remove(0, 0, ((Unlink) current).file());
    nfs.tell(new NfsClient.Rpc(process, request, false, replies));
    return this;
  }

  private int lockSeq;

  private Behavior<Command> onLockNeedsRpc(LockNeedsRpc needs) {
    Lock l = (Lock) current;
    lockSeq = needs.seq();
    nfs.tell(new NfsClient.Rpc(process, new NfsRequest.Lock(0, 0, l.type(), false, l.offset(), l.length(),
        needs.locker()), false, replies));
    return this;
  }

  private Behavior<Command> onLockDone(LockDone done) {
    if (done.result().equals("RETRY")) {
      return begin(); // the LOCK again, from the FL_ACCESS test
    }
    if (done.result().equals("DELAY")) {
      timers.startSingleTimer(Retry.INSTANCE, backoff.next()); // -NFS4ERR_DELAY from the seqcount re-check
      return this;
    }
    if (done.result().equals("0")) {
      Lock l = (Lock) current;
      observer.report(new ClientFact.LockHeld(client, process, l.file(), l.type(), l.offset(), l.length()));
    }
    return returned(done.result());
  }

  private Behavior<Command> onUnlockLocally(UnlockLocally unlocked) {
    if (unlocked.lockStateId() == null) {
      return finished();
    }
    Unlock u = (Unlock) current;
    nfs.tell(new NfsClient.Rpc(process, new NfsRequest.Locku(0, 0, LockType.WRITE_LT, unlocked.lockStateId(),
        u.offset(), u.length()), false, replies));
    return this;
  }

  private Behavior<Command> onOpenedLocally(OpenedLocally opened) {
    Open o = (Open) current;
    if (opened.cached()) {
      return opened(o); // nfs4_try_open_cached: no OPEN sent
    }
    openSeq = opened.seq();
    nfs.tell(new NfsClient.Rpc(process, new NfsRequest.Open(0, 0, process, o.file(), OpenClaimType.CLAIM_NULL,
        o.access(), ShareDeny.NONE, o.create(), null, null), false, replies));
    return this;
  }

  /** The stateid of a CLOSE in flight: a CLOSE that must be retried is sent again as it was. */
  private StateId closing;

  private Behavior<Command> onCloseLocally(CloseLocally close) {
    if (close.openStateId() == null) {
      return finished();
    }
    closing = close.openStateId();
    return sendClose();
  }

  private Behavior<Command> sendClose() {
    nfs.tell(new NfsClient.Rpc(process, new NfsRequest.Close(0, 0, closing), false, replies));
    return this;
  }

  private Behavior<Command> onReplied(Replied replied) {
    NfsReply reply = replied.reply();
    NfsStat4 status = reply.status();
    if (status == NfsStat4.NFS4ERR_DELAY || status == NfsStat4.NFS4ERR_GRACE) {
      // nfs4_handle_exception's nfs4_delay; the asynchronous CLOSE and LOCKU: rpc_delay(15 s)
      boolean async = current instanceof Close || current instanceof Unlock;
      timers.startSingleTimer(Retry.INSTANCE, async ? Backoff.MAX : backoff.next());
      return this;
    }
    if (status == NfsStat4.NFS4ERR_BADSESSION || status == NfsStat4.NFS4ERR_STALE_CLIENTID) {
      nfs.tell(new NfsClient.Schedule(ClientBit.SESSION_RESET));
      nfs.tell(new NfsClient.AwaitRecovery(process, getContext().getSelf()));
      return this;
    }
    if (current instanceof Lock l && reply instanceof NfsReply.LockReply lock) {
      nfs.tell(new NfsClient.LockReplied(process, l.file(), l.type(), l.offset(), l.length(), lockSeq, lock,
          getContext().getSelf()));
      return this;
    }
    if (current instanceof Open o && reply instanceof NfsReply.OpenReply open) {
      if (!open.ok()) {
        return returned(status.shortName());
      }
      nfs.tell(new NfsClient.OpenReplied(process, o.file(), o.access(), open, openSeq, getContext().getSelf()));
      return this;
    }
    if (current instanceof Unlock u && reply instanceof NfsReply.StateIdReply locku && locku.status() == NfsStat4.NFS4_OK) {
      nfs.tell(new NfsClient.LockuReplied(process, u.file(), locku.stateId()));
    }
    return finished(); // LOCKU, CLOSE: the state went with the section before it
  }

  private Behavior<Command> finished() {
    return returned("0");
  }

  /** open(2) returned a descriptor. */
  private Behavior<Command> opened(Open o) {
    fds.computeIfAbsent(o.file(), f -> new ArrayDeque<>()).addLast(o.access());
    return finished();
  }

  private Behavior<Command> returned(String result) {
    if (closing != null && current instanceof Close c) {
      nfs.tell(new NfsClient.Closed(process, c.file()));
    }
    closing = null;
    observer.report(new ClientFact.OpReturned(client, process, op(current), file(current), result));
    return nextStep();
  }

  private static String op(Step step) {
    if (step instanceof Open o) {
      return "open(" + o.access() + ")";
    } else if (step instanceof Lock l) {
      return "lock(" + l.type() + " " + l.offset() + "+" + l.length() + ")";
    } else if (step instanceof Unlock u) {
      return "unlock(" + u.offset() + "+" + u.length() + ")";
    } else if (step instanceof Chmod) {
      return "chmod";
    } else if (step instanceof Unlink) {
      return "unlink";
    }
    return "close";
  }

  private static String file(Step step) {
    if (step instanceof Open o) {
      return o.file();
    } else if (step instanceof Lock l) {
      return l.file();
    } else if (step instanceof Unlock u) {
      return u.file();
    } else if (step instanceof Chmod c) {
      return c.file();
    } else if (step instanceof Unlink u) {
      return u.file();
    }
    return ((Close) step).file();
  }
}
