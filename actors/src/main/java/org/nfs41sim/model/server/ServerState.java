package org.nfs41sim.model.server;

import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BADHANDLE;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BADSESSION;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BAD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_COMPLETE_ALREADY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELAY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_EXPIRED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_GRACE;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_INVAL;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_LOCKS_HELD;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_NOENT;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_OLD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_OPENMODE;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_RECLAIM_BAD;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_RECLAIM_CONFLICT;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_SERVERFAULT;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_SHARE_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_STALE_CLIENTID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_STALE_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.facts.ServerFact.CallbackPath;
import org.nfs41sim.model.facts.ServerFact.Refusal;
import org.nfs41sim.model.facts.ServerFact.Release;
import org.nfs41sim.model.locking.LockTable;
import org.nfs41sim.model.server.ServerSettings.CloseWithLocks;
import org.nfs41sim.model.server.ServerSettings.DelegCurInGrace;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.model.server.ServerSettings.RecallFailure;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsReply.Delegation;
import org.nfs41sim.protocol.nfs.NfsReply.LockDenied;
import org.nfs41sim.protocol.nfs.NfsReply.LockReply;
import org.nfs41sim.protocol.nfs.NfsReply.LocktReply;
import org.nfs41sim.protocol.nfs.NfsReply.OpenReply;
import org.nfs41sim.protocol.nfs.NfsReply.StateIdReply;
import org.nfs41sim.protocol.nfs.NfsReply.StatusReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsRequest.BindConnToSession;
import org.nfs41sim.protocol.nfs.NfsRequest.Close;
import org.nfs41sim.protocol.nfs.NfsRequest.CreateSession;
import org.nfs41sim.protocol.nfs.NfsRequest.DelegReturn;
import org.nfs41sim.protocol.nfs.NfsRequest.DestroySession;
import org.nfs41sim.protocol.nfs.NfsRequest.ExchangeId;
import org.nfs41sim.protocol.nfs.NfsRequest.Lock;
import org.nfs41sim.protocol.nfs.NfsRequest.Lockt;
import org.nfs41sim.protocol.nfs.NfsRequest.Locku;
import org.nfs41sim.protocol.nfs.NfsRequest.NewLockOwner;
import org.nfs41sim.protocol.nfs.NfsRequest.Open;
import org.nfs41sim.protocol.nfs.NfsRequest.ReclaimComplete;
import org.nfs41sim.protocol.nfs.NfsRequest.Remove;
import org.nfs41sim.protocol.nfs.NfsRequest.Sequence;
import org.nfs41sim.protocol.nfs.NfsRequest.Setattr;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The server's state and its rules, apart from the actor that drives it: one call per request,
 * handled whole (as nfsd does under its state lock), with what must happen besides the reply
 * (callbacks, timers) handed to {@link Effects}. The rules are those of Linux nfsd 3.6 - 3.10,
 * with the RFC 8881 alternatives of {@link ServerSettings}; docs/server.md cites each. All maps
 * are ordered: iteration never depends on identity hashes.
 */
final class ServerState {

  /** The pause before a failed CB_RECALL is sent again (nfsd 3.6 nfsd4_cb_recall_done: rpc_delay 2 s). */
  static final Duration RECALL_RESEND_PAUSE = Duration.ofSeconds(2);

  /** recall-failure = revoke: the pause before a CB_RECALL answered DELAY is sent again. */
  static final Duration DELAY_RESEND_PAUSE = Duration.ofMillis(100);

  /** What a request causes besides its reply; the actor carries it out. */
  interface Effects {
    /** Sends a CB_RECALL on a client's back channel. */
    void recall(ActorRef<Server.Callback> backChannel, CbRecall recall);

    /**
     * (Re)starts the one timer of the callback of delegation {@code serial}: its time-out while it
     * is sent, its pause before a resend otherwise. It ends in {@link ServerState#callbackTimerFired}.
     */
    void armCallbackTimer(long serial, Duration after);

    void disarmCallbackTimer(long serial);

    /** Starts the recall-timeout of a recalled delegation; it ends in {@link ServerState#revocationDue}. */
    void armRevocationTimer(long serial);

    void disarmRevocationTimer(long serial);
  }

  /** A client record (§2.4): one per client owner per boot epoch. */
  static final class Client {
    final long clientId;
    final String ownerId;
    long sessionId;
    /** Has created a session (nfsd: a confirmed client). */
    boolean confirmed;
    ActorRef<Server.Callback> backChannel;
    /** The server's view of the back channel (nfsd cl_cb_state). */
    CallbackPath path = CallbackPath.UNKNOWN;
    /** The callback holding the one back-channel slot (nfsd 3.6 cl_cb_slot_busy), or null. */
    RecallCallback inFlight;
    /** Callbacks waiting for the slot, in order (nfsd 3.6 cl_cb_waitq). */
    final Deque<RecallCallback> waiting = new ArrayDeque<>();
    /** The connection carrying the back channel was lost and no new one is bound yet (no cl_cb_client). */
    boolean connectionLost;
    /** Callbacks killed with the lost connection on their first attempt, to run again on a new one (cl_callbacks). */
    final List<RecallCallback> killed = new ArrayList<>();
    /** Serials of its revoked delegations (nfsd 3.10 cl_revoked); never freed, as FREE_STATEID is not modelled. */
    final Set<Long> revoked = new TreeSet<>();
    long renewedTick;
    boolean reclaimComplete;
    /** Lease expired, state kept until another client needs one of its files (courtesy mode). */
    boolean courtesy;

    Client(long clientId, String ownerId, long tick) {
      this.clientId = clientId;
      this.ownerId = ownerId;
      this.renewedTick = tick;
    }
  }

  /** Open, lock and delegation state: what a stateid names. */
  abstract static class State {
    final long serial;
    final Client client;
    final FileState file;
    int seqid = 1;

    State(long serial, Client client, FileState file) {
      this.serial = serial;
      this.client = client;
      this.file = file;
    }

    StateId stateId(int epoch) {
      return new StateId(seqid, epoch, serial);
    }
  }

  static final class OpenState extends State {
    final String owner;
    final boolean reclaimed;
    ShareAccess access;
    ShareDeny deny;
    final List<LockState> locks = new ArrayList<>();

    OpenState(long serial, Client client, FileState file, String owner, ShareAccess access, ShareDeny deny,
        boolean reclaimed) {
      super(serial, client, file);
      this.owner = owner;
      this.reclaimed = reclaimed;
      this.access = access;
      this.deny = deny;
    }
  }

  static final class LockState extends State {
    final String lockOwner;
    final OpenState open;

    LockState(long serial, OpenState open, String lockOwner) {
      super(serial, open.client, open.file);
      this.open = open;
      this.lockOwner = lockOwner;
    }
  }

  static final class DelegState extends State {
    final OpenDelegationType type;
    /** A recall has begun: the revocation timer runs (nfsd: on del_recall_lru). */
    boolean recalled;
    /** Granted on reclaim with the recall flag set: its holder should return it at once. */
    boolean preRecalled;

    DelegState(long serial, Client client, FileState file, OpenDelegationType type) {
      super(serial, client, file);
      this.type = type;
    }
  }

  static final class FileState {
    final String name;
    boolean exists = true;
    /** A recall happened since the file's state was set up (nfsd fi_had_conflict): no new delegations. */
    boolean hadConflict;
    final List<OpenState> opens = new ArrayList<>();
    final List<DelegState> delegations = new ArrayList<>();
    final LockTable locks = new LockTable();

    FileState(String name) {
      this.name = name;
    }
  }

  /** Where a callback stands. */
  enum CallbackPhase {
    /** Queued for the client's one back-channel slot. */
    WAITING,
    /** Sent; its answer or its time-out ends the attempt. */
    SENT,
    /** Between a failed attempt and the resend. */
    PAUSED
  }

  /** One CB_RECALL from its first send to its end (nfsd's nfsd4_callback of the delegation). */
  static final class RecallCallback {
    final long serial;
    final Client client;
    final CbRecall recall;
    /** Resends left (nfsd 3.6 nfsd4_cb_recall: dl_retries = 1). */
    int retries = 1;
    CallbackPhase phase = CallbackPhase.WAITING;

    RecallCallback(long serial, Client client, CbRecall recall) {
      this.serial = serial;
      this.client = client;
      this.recall = recall;
    }
  }

  /** A state that ended in this epoch: whose it was, and whether it was a revoked delegation. */
  private record Ended(long clientId, boolean revoked) {}

  /** A stateid's state, or null with the status that refused it. */
  private record Checked<T extends State>(T state, NfsStat4 status) {}

  private final ServerSettings settings;
  private final Observer observer;
  private final Effects effects;
  private final int ticksPerLease;

  private int epoch = 1;
  private boolean inGrace;
  private boolean graceLeaseMarkPassed;
  /** Stable storage: the owners recorded at RECLAIM_COMPLETE (nfsd4_client_record_create); survives reboots. */
  private final Set<String> stableStorage = new TreeSet<>();
  /**
   * NFSD4_CLIENT_STABLE in this boot: owners whose record a reclaim OPEN checked or RECLAIM_COMPLETE
   * created. At the end of grace every other record is purged (nfs4_has_reclaimed_state is false
   * for them, v3.6 and 3.10): a client that only made a session in this grace cannot reclaim after
   * the next reboot.
   */
  private final Set<String> stableThisBoot = new TreeSet<>();
  /** Stable storage as the last reboot found it: the clients grace waits for. */
  private Set<String> reclaimTable = new TreeSet<>();
  private final Map<Long, Client> clients = new TreeMap<>();
  private final Map<String, Client> clientsByOwner = new TreeMap<>();
  private final Map<String, FileState> files = new TreeMap<>();
  private final Map<Long, State> states = new TreeMap<>();
  private final Map<Long, RecallCallback> callbacks = new TreeMap<>();
  /** Serials of this epoch whose state ended, for the reason a later use of them is refused. */
  private final Map<Long, Ended> ended = new TreeMap<>();
  /** Client ids of this epoch whose lease expired. */
  private final Set<Long> expiredClients = new TreeSet<>();
  private long nextClient;
  private long nextSession;
  private long nextSerial;
  private long tick;

  ServerState(ServerSettings settings, Observer observer, Effects effects) {
    this.settings = settings;
    this.observer = observer;
    this.effects = effects;
    this.ticksPerLease = (int) (settings.leaseTime().toNanos() / settings.laundromatInterval().toNanos());
    declareFiles();
  }

  int epoch() {
    return epoch;
  }

  boolean inGrace() {
    return inGrace;
  }

  // ---- reboot, grace, lease ----

  /** All volatile state is lost and a new epoch begins in grace (§8.4.2); stable storage survives. */
  void reboot() {
    reclaimTable = new TreeSet<>(stableStorage);
    stableThisBoot.clear();
    clients.clear();
    clientsByOwner.clear();
    states.clear();
    callbacks.clear();
    ended.clear();
    expiredClients.clear();
    for (FileState file : files.values()) { // names are on disk, not volatile
      file.opens.clear();
      file.delegations.clear();
      file.locks.clear();
      file.hadConflict = false;
    }
    epoch++;
    inGrace = true;
    graceLeaseMarkPassed = false;
    observer.report(new ServerFact.Rebooted(epoch));
    observer.report(new ServerFact.GraceStarted(epoch));
  }

  /** One lease has passed since the reboot: grace may now end early (§8.4.2.1). */
  boolean graceLeaseMarkPassed() {
    graceLeaseMarkPassed = true;
    return endGraceEarlyIfAllReclaimed();
  }

  /** The grace period's full length has passed (nfsd 3.6 nfs4_laundromat: nfsd4_end_grace). */
  void graceTimedOut() {
    if (inGrace) {
      endGrace(false);
    }
  }

  private boolean endGraceEarlyIfAllReclaimed() {
    if (!inGrace || !settings.graceEndsEarly() || !graceLeaseMarkPassed) {
      return false;
    }
    for (String owner : reclaimTable) {
      Client c = clientsByOwner.get(owner);
      if (c == null || !c.reclaimComplete) {
        return false;
      }
    }
    endGrace(true);
    return true;
  }

  private void endGrace(boolean early) {
    inGrace = false;
    // nfsd 3.6 nfsd4_end_grace: the records of clients that did not come back and reclaim are purged.
    stableStorage.removeIf(owner -> !stableThisBoot.contains(owner));
    observer.report(new ServerFact.GraceEnded(epoch, early));
  }

  /** A laundromat sweep: expires every client that has not renewed for a lease (§8.3). */
  void laundromat() {
    tick++;
    List<Client> expired = new ArrayList<>();
    for (Client c : clients.values()) {
      if (tick - c.renewedTick > ticksPerLease) {
        expired.add(c);
      }
    }
    for (Client c : expired) {
      if (!settings.courtesy()) {
        expire(c);
      } else if (!c.courtesy) {
        c.courtesy = true;
        observer.report(new ServerFact.ClientCourtesy(epoch, c.clientId, c.ownerId));
      }
    }
  }

  /**
   * Courtesy mode: before another client's request touches {@code file}, every courtesy client
   * holding state on it expires for good (§8.3: what conflicts must be revoked). This expires on
   * any shared file, not only on a proven conflict: earlier than required, never later.
   */
  private void expireCourtesyHolders(FileState file, Client requester) {
    if (!settings.courtesy()) {
      return;
    }
    List<Client> holders = new ArrayList<>();
    for (State s : states.values()) {
      if (s.file == file && s.client != requester && s.client.courtesy && !holders.contains(s.client)) {
        holders.add(s.client);
      }
    }
    for (Client c : holders) {
      expire(c);
    }
  }

  /** nfsd 3.6 expire_client: its record, state and callbacks go; its stateids then get EXPIRED. */
  private void expire(Client c) {
    for (State s : new ArrayList<>(states.values())) {
      if (s.client == c) {
        release(s, Release.EXPIRED, "lease expired");
      }
    }
    for (RecallCallback cb : new ArrayList<>(callbacks.values())) {
      if (cb.client == c) {
        effects.disarmCallbackTimer(cb.serial);
        callbacks.remove(cb.serial);
      }
    }
    clients.remove(c.clientId);
    clientsByOwner.remove(c.ownerId);
    stableStorage.remove(c.ownerId);
    expiredClients.add(c.clientId);
    observer.report(new ServerFact.ClientExpired(epoch, c.clientId, c.ownerId));
  }

  // ---- CB_RECALL and revocation ----

  /**
   * The connection of client owner {@code ownerId} was lost, and the back channel with it (nfsd
   * 3.6 nfsd4_conn_lost): the probe that follows finds no back channel, so the path goes DOWN and
   * callbacks are dropped until BIND_CONN_TO_SESSION binds a new connection; the CB_RECALLs under
   * way are killed (nfsd4_process_cb_update), and those on their first attempt run again then.
   */
  void connectionLost(String ownerId) {
    Client c = clientsByOwner.get(ownerId);
    if (c == null) {
      return;
    }
    c.connectionLost = true;
    setPath(c, CallbackPath.DOWN);
    List<RecallCallback> underWay = new ArrayList<>(c.waiting);
    c.waiting.clear();
    if (c.inFlight != null) {
      underWay.add(0, c.inFlight);
      effects.disarmCallbackTimer(c.inFlight.serial);
      c.inFlight = null;
    }
    for (RecallCallback cb : underWay) {
      if (cb.retries > 0) {
        c.killed.add(cb); // cb_done is still false: it stays on cl_callbacks
      } else {
        endCallback(cb);
      }
    }
  }

  /** A recalled delegation's recall-timeout passed without DELEGRETURN: revoke it (nfsd 3.6 nfs4_laundromat). */
  void revocationDue(long serial) {
    if (states.get(serial) instanceof DelegState d) {
      revoke(d, "not returned within recall-timeout of its recall");
    }
  }

  /** The holder answered a CB_RECALL; an answer to an attempt that already timed out is ignored. */
  void recallAnswered(StateId stateId, NfsStat4 status) {
    if (stateId == null || stateId.epoch() != epoch) {
      return;
    }
    RecallCallback cb = callbacks.get(stateId.serial());
    if (cb == null || cb.phase != CallbackPhase.SENT) {
      return; // the RPC is over (timed out): its late reply finds no task
    }
    effects.disarmCallbackTimer(cb.serial);
    attemptEnded(cb, status == null ? NFS4ERR_SERVERFAULT : status);
  }

  /** The callback timer of delegation {@code serial} fired: the time-out of a sent CB_RECALL, or the end of a pause. */
  void callbackTimerFired(long serial) {
    RecallCallback cb = callbacks.get(serial);
    if (cb == null) {
      return;
    }
    if (cb.phase == CallbackPhase.SENT) {
      attemptEnded(cb, null); // nfsd 3.6 setup_callback_client: no answer within max_cb_time is -ETIMEDOUT
    } else if (cb.phase == CallbackPhase.PAUSED) {
      if (settings.recallFailure() == RecallFailure.REVOKE && !(states.get(serial) instanceof DelegState)) {
        endCallback(cb); // the delegation is no longer outstanding
      } else {
        takeSlot(cb);
      }
    }
  }

  /**
   * Starts the recall of {@code d} (nfsd 3.6 nfsd_break_one_deleg): the revocation timer, and a
   * CB_RECALL through the client's one back-channel slot; dropped when the client has no back
   * channel (nfsd 3.6 nfsd4_do_callback_rpc), leaving the delegation to the revocation timer.
   */
  private void startRecall(DelegState d) {
    d.recalled = true;
    observer.report(new ServerFact.DelegationRecalled(epoch, d.client.clientId, d.file.name, d.stateId(epoch)));
    effects.armRevocationTimer(d.serial);
    if (d.client.backChannel == null) {
      return;
    }
    RecallCallback cb = new RecallCallback(d.serial, d.client, new CbRecall(d.stateId(epoch), false, d.file.name));
    callbacks.put(cb.serial, cb);
    takeSlot(cb);
  }

  /** Sends {@code cb} if the client's slot is free, else queues it (nfsd 3.6 nfsd41_cb_get_slot). */
  private void takeSlot(RecallCallback cb) {
    cb.phase = CallbackPhase.WAITING;
    cb.client.waiting.add(cb);
    sendWaiting(cb.client);
  }

  private void sendWaiting(Client c) {
    while (c.inFlight == null && !c.waiting.isEmpty()) {
      RecallCallback cb = c.waiting.poll();
      if (c.backChannel == null || c.connectionLost) {
        endCallback(cb); // the session or its connection went away: no callback client to send it on
        continue;
      }
      c.inFlight = cb;
      cb.phase = CallbackPhase.SENT;
      effects.recall(c.backChannel, cb.recall);
      effects.armCallbackTimer(cb.serial, settings.callbackTimeout());
    }
  }

  /**
   * An attempt ended with the holder's answer, or with none ({@code status} null: timed out).
   * The slot is freed first (nfsd 3.6 nfsd4_cb_done), then the outcome follows recall-failure.
   */
  private void attemptEnded(RecallCallback cb, NfsStat4 status) {
    Client c = cb.client;
    observer.report(new ServerFact.RecallAnswered(epoch, c.clientId, cb.recall.file(), cb.recall.stateId(), status));
    c.inFlight = null;
    sendWaiting(c);
    if (settings.recallFailure() == RecallFailure.RETRY) {
      retryOutcome(cb, status);
    } else {
      revokeOutcome(cb, status);
    }
  }

  /** nfsd 3.6 nfsd4_cb_recall_done: never revokes; resends once after 2 s; the path goes down. */
  private void retryOutcome(RecallCallback cb, NfsStat4 status) {
    if (status == NFS4_OK) {
      endCallback(cb);
      return;
    }
    // nfsd 3.6 nfsd4_cb_recall_done: BADHANDLE and BAD_STATEID are the race with the OPEN reply.
    boolean race = status == NFS4ERR_BADHANDLE || status == NFS4ERR_BAD_STATEID;
    if (!race) {
      setPath(cb.client, CallbackPath.DOWN);
    }
    if (cb.retries > 0) {
      cb.retries--;
      pause(cb, RECALL_RESEND_PAUSE);
    } else {
      setPath(cb.client, CallbackPath.DOWN);
      endCallback(cb);
    }
  }

  /**
   * recall-failure = revoke: OK ends the callback; DELAY does not complete the recall (§20.2.4),
   * so the CB_RECALL goes again while the delegation is outstanding; any other answer completes it
   * and the server revokes the delegation not returned (§10.4.6); no answer marks the path down and
   * leaves the delegation to the revocation timer.
   */
  private void revokeOutcome(RecallCallback cb, NfsStat4 status) {
    if (status == NFS4_OK) {
      endCallback(cb);
    } else if (status == NFS4ERR_DELAY) {
      if (states.get(cb.serial) instanceof DelegState) {
        pause(cb, DELAY_RESEND_PAUSE);
      } else {
        endCallback(cb);
      }
    } else if (status == null) {
      setPath(cb.client, CallbackPath.DOWN);
      endCallback(cb);
    } else {
      endCallback(cb);
      if (states.get(cb.serial) instanceof DelegState d) {
        revoke(d, "CB_RECALL answered " + status.shortName());
      }
    }
  }

  private void pause(RecallCallback cb, Duration pause) {
    cb.phase = CallbackPhase.PAUSED;
    effects.armCallbackTimer(cb.serial, pause);
  }

  private void endCallback(RecallCallback cb) {
    callbacks.remove(cb.serial);
  }

  private void setPath(Client c, CallbackPath path) {
    if (c.path != path) {
      c.path = path;
      observer.report(new ServerFact.CallbackPathChanged(epoch, c.clientId, path));
    }
  }

  /** nfsd4_cb_channel_good: UP, or UNKNOWN for a 4.1 client. */
  private static boolean callbackPathGood(Client c) {
    return c.path != CallbackPath.DOWN;
  }

  // ---- requests ----

  NfsReply handle(NfsRequest request, ActorRef<Server.Callback> backChannel) {
    if (request == null) {
      return Replies.failure(null, NFS4ERR_INVAL);
    }
    if (request instanceof ExchangeId r) {
      if (Validation.check(r) != null) {
        return Replies.failure(request, NFS4ERR_INVAL);
      }
      return exchangeId(r);
    }
    if (request instanceof CreateSession r) {
      return createSession(r, backChannel);
    }
    Client client = clients.get(request.clientId());
    if (client == null || client.sessionId == 0 || client.sessionId != request.sessionId()) {
      return Replies.failure(request, NFS4ERR_BADSESSION); // §18.46.3; after a reboot, always
    }
    client.renewedTick = tick; // any request renews the lease (§8.3)
    client.courtesy = false;
    if (Validation.check(request) != null) {
      return Replies.failure(request, NFS4ERR_INVAL); // a record missing a field: as XDR that decodes to nonsense
    }
    if (request instanceof Sequence) {
      return new NfsReply.SequenceReply(NFS4_OK, sequenceFlags(client));
    }
    if (request instanceof BindConnToSession) {
      // nfsd 3.10 nfsd4_bind_conn_to_session: a probe makes the path UNKNOWN (the probe is not
      // modelled) and a new callback client runs again what the lost connection killed.
      setPath(client, client.backChannel != null ? CallbackPath.UNKNOWN : CallbackPath.DOWN);
      client.connectionLost = false;
      List<RecallCallback> again = new ArrayList<>(client.killed);
      client.killed.clear();
      again.forEach(this::takeSlot);
      return new StatusReply(NFS4_OK);
    }
    if (request instanceof DestroySession) {
      client.sessionId = 0;
      client.backChannel = null;
      setPath(client, CallbackPath.DOWN); // nfsd 3.6 nfsd4_destroy_session: the probe finds no back channel
      return new StatusReply(NFS4_OK);
    }
    if (request instanceof Open r) {
      return open(client, r);
    } else if (request instanceof Close r) {
      return close(client, r);
    } else if (request instanceof Lock r) {
      return lock(client, r);
    } else if (request instanceof Lockt r) {
      return lockt(client, r);
    } else if (request instanceof Locku r) {
      return locku(client, r);
    } else if (request instanceof DelegReturn r) {
      return delegReturn(client, r);
    } else if (request instanceof ReclaimComplete) {
      return reclaimComplete(client);
    } else if (request instanceof Setattr r) {
      return conflictingChange(client, r.file(), false);
    } else if (request instanceof Remove r) {
      return conflictingChange(client, r.file(), true);
    }
    return Replies.failure(request, NfsStat4.NFS4ERR_NOTSUPP);
  }

  /** sr_status_flags (§18.46.3) as nfsd 3.10 nfsd4_sequence sets them, and RESTART_RECLAIM_NEEDED by policy. */
  private int sequenceFlags(Client client) {
    int flags = 0;
    if (client.path == CallbackPath.DOWN) {
      flags |= SequenceFlags.CB_PATH_DOWN;
    }
    if (!client.revoked.isEmpty()) {
      flags |= SequenceFlags.RECALLABLE_STATE_REVOKED;
    }
    if (settings.restartReclaimNeeded() && epoch > 1 && !client.reclaimComplete) {
      flags |= SequenceFlags.RESTART_RECLAIM_NEEDED; // §18.46.3: after a restart, until RECLAIM_COMPLETE
    }
    return flags;
  }

  private NfsReply exchangeId(ExchangeId r) {
    Client existing = clientsByOwner.get(r.ownerId());
    if (existing != null) {
      return new NfsReply.ExchangeIdReply(NFS4_OK, existing.clientId);
    }
    long id = ((long) epoch << 32) | ++nextClient;
    Client c = new Client(id, r.ownerId(), tick);
    clients.put(id, c);
    clientsByOwner.put(r.ownerId(), c);
    return new NfsReply.ExchangeIdReply(NFS4_OK, id);
  }

  private NfsReply createSession(CreateSession r, ActorRef<Server.Callback> backChannel) {
    Client c = clients.get(r.clientId());
    if (c == null) {
      return new NfsReply.CreateSessionReply(NFS4ERR_STALE_CLIENTID, 0); // §18.36.4: unknown or old epoch
    }
    c.sessionId = ((long) epoch << 32) | ++nextSession;
    c.backChannel = backChannel;
    c.renewedTick = tick;
    c.courtesy = false;
    c.confirmed = true;
    // nfsd 3.6 alloc_init_session probes: UNKNOWN until a callback fails; DOWN at once without a back channel.
    setPath(c, backChannel != null ? CallbackPath.UNKNOWN : CallbackPath.DOWN);
    observer.report(new ServerFact.SessionCreated(epoch, c.clientId, c.ownerId, c.sessionId));
    return new NfsReply.CreateSessionReply(NFS4_OK, c.sessionId);
  }

  // ---- OPEN (§18.16) ----

  private NfsReply open(Client client, Open r) {
    FileState touched = files.get(r.file());
    if (touched != null) {
      expireCourtesyHolders(touched, client);
    }
    return switch (r.claim()) {
      case CLAIM_NULL, CLAIM_FH -> openNew(client, r);
      case CLAIM_PREVIOUS -> openReclaim(client, r);
      case CLAIM_DELEG_CUR_FH -> openUnderDelegation(client, r);
    };
  }

  private NfsReply openNew(Client client, Open r) {
    NfsStat4 grace = GraceRules.openNonReclaim(inGrace, client.reclaimComplete);
    if (grace != null) {
      return openFailed(grace); // nfsd 3.6 nfsd4_open
    }
    FileState file = files.get(r.file());
    if (file == null || (!file.exists && !(r.create() && r.claim() == OpenClaimType.CLAIM_NULL))) {
      return openFailed(NFS4ERR_NOENT);
    }
    if (shareConflict(client, r.owner(), file, r.access(), r.deny(), false) != null) {
      return openFailed(NFS4ERR_SHARE_DENIED); // nfsd 3.6 nfs4_check_open: before the lease break
    }
    // nfsd 3.6 nfsd_open: a write open breaks the read leases, the holder's own too; a WRITE
    // delegation (write-delegations) is recalled by any open of another client (§10.4.4).
    boolean writes = r.access().writes();
    if (breakDelegations(file, d -> d.type == OpenDelegationType.READ ? writes : d.client != client)) {
      return openFailed(NFS4ERR_DELAY);
    }
    file.exists = true;
    OpenState open = grantOpen(client, file, r, findOpen(client, file, r.owner()));
    Delegation delegation = r.claim() == OpenClaimType.CLAIM_NULL
        ? maybeDelegate(client, file, r.access(), r.owner()) : Delegation.NONE; // nfsd 3.6 nfs4_open_delegation
    return new OpenReply(NFS4_OK, open.stateId(epoch), delegation);
  }

  private NfsReply openReclaim(Client client, Open r) {
    NfsStat4 grace = GraceRules.openReclaim(inGrace, stableStorage.contains(client.ownerId));
    if (grace != null) {
      return openFailed(grace);
    }
    stableThisBoot.add(client.ownerId); // nfsd4_client_record_check found the record
    FileState file = files.get(r.file());
    if (file == null) {
      return openFailed(NFS4ERR_RECLAIM_BAD); // no such file could have been open
    }
    if (shareConflict(client, r.owner(), file, r.access(), r.deny(), true) != null) {
      return openFailed(NFS4ERR_RECLAIM_CONFLICT);
    }
    OpenDelegationType claimed = r.reclaimType() == null ? OpenDelegationType.NONE : r.reclaimType();
    if (claimed != OpenDelegationType.NONE && conflictingDelegation(client, file, claimed) != null) {
      return openFailed(NFS4ERR_RECLAIM_CONFLICT);
    }
    DelegState held = file.delegations.stream().filter(d -> d.client == client).findFirst().orElse(null);
    OpenState open = grantOpen(client, file, r, findOpen(client, file, r.owner()));
    Delegation delegation = Delegation.NONE;
    if (held != null && claimed != OpenDelegationType.NONE) {
      // Another open owner of the client reclaimed the same delegation already: one delegation.
      delegation = new Delegation(held.type, held.stateId(epoch), held.recalled || held.preRecalled);
    } else if (claimed == OpenDelegationType.READ) {
      delegation = reclaimReadDelegation(client, file);
    } else if (claimed == OpenDelegationType.WRITE && settings.writeDelegations()) {
      delegation = reclaimWriteDelegation(client, file);
    }
    return new OpenReply(NFS4_OK, open.stateId(epoch), delegation);
  }

  /**
   * nfsd 3.6 nfs4_open_delegation, CLAIM_PREVIOUS: refused when the lease cannot be set (a write
   * open of the file, the reclaiming one included, or a recall since the file's state was set up);
   * otherwise granted, with the recall flag only when the back channel is not good. No recall
   * starts and no timer runs.
   */
  private Delegation reclaimReadDelegation(Client client, FileState file) {
    if (file.hadConflict || file.opens.stream().anyMatch(o -> o.access.writes())) {
      return Delegation.NONE;
    }
    boolean recall = !callbackPathGood(client);
    DelegState d = grantDelegation(client, file, OpenDelegationType.READ, true, recall);
    d.preRecalled = recall;
    return new Delegation(OpenDelegationType.READ, d.stateId(epoch), recall);
  }

  /**
   * write-delegations = true: a reclaimed WRITE delegation is always granted (§18.16.3), and
   * pre-recalled, with its revocation timer, when another client already has the file open.
   */
  private Delegation reclaimWriteDelegation(Client client, FileState file) {
    boolean preRecall = file.opens.stream().anyMatch(o -> o.client != client);
    DelegState d = grantDelegation(client, file, OpenDelegationType.WRITE, true, preRecall);
    if (preRecall) {
      d.preRecalled = true;
      d.recalled = true;
      effects.armRevocationTimer(d.serial);
      observer.report(new ServerFact.DelegationRecalled(epoch, client.clientId, file.name, d.stateId(epoch)));
    }
    return new Delegation(OpenDelegationType.WRITE, d.stateId(epoch), preRecall);
  }

  private NfsReply openUnderDelegation(Client client, Open r) {
    if (settings.delegCurInGrace() == DelegCurInGrace.REFUSE) {
      NfsStat4 grace = GraceRules.openNonReclaim(inGrace, client.reclaimComplete);
      if (grace != null) {
        return openFailed(grace); // nfsd 3.6 nfsd4_open: every claim but CLAIM_PREVIOUS
      }
    }
    FileState file = files.get(r.file());
    if (file == null) {
      return openFailed(NFS4ERR_NOENT);
    }
    if (shareConflict(client, r.owner(), file, r.access(), r.deny(), false) != null) {
      return openFailed(NFS4ERR_SHARE_DENIED); // nfsd 3.6 nfsd4_process_open2: before nfs4_check_deleg
    }
    Checked<DelegState> checked = checkStateId(client, r.delegStateId(), DelegState.class, "OPEN");
    if (checked.state() == null) {
      return openFailed(checked.status());
    }
    if (r.access().writes() && checked.state().type == OpenDelegationType.READ) {
      return openFailed(NFS4ERR_OPENMODE); // nfsd 3.6 nfs4_check_deleg: a READ delegation covers no write open
    }
    OpenState open = grantOpen(client, file, r, findOpen(client, file, r.owner()));
    return new OpenReply(NFS4_OK, open.stateId(epoch), Delegation.NONE);
  }

  private static OpenReply openFailed(NfsStat4 status) {
    return new OpenReply(status, null, null);
  }

  private OpenState grantOpen(Client client, FileState file, Open r, OpenState existing) {
    OpenState open = existing;
    if (open == null) {
      open = new OpenState(++nextSerial, client, file, r.owner(), r.access(), r.deny(),
          r.claim() == OpenClaimType.CLAIM_PREVIOUS);
      file.opens.add(open);
      states.put(open.serial, open);
    } else {
      // §9.7: an open owner opening the same file again upgrades its open.
      open.access = ShareAccess.ofBits(open.access.bits | r.access().bits);
      open.deny = ShareDeny.ofBits(open.deny.bits | r.deny().bits);
      open.seqid++;
    }
    observer.report(new ServerFact.OpenGranted(epoch, client.clientId, r.owner(), file.name,
        open.stateId(epoch), open.access, open.deny, r.claim()));
    return open;
  }

  private OpenState findOpen(Client client, FileState file, String owner) {
    for (OpenState o : file.opens) {
      if (o.client == client && o.owner.equals(owner)) {
        return o;
      }
    }
    return null;
  }

  /**
   * An open of another open owner whose share reservation conflicts (§9.7), or null; {@code
   * reclaimedOnly}: only reclaimed opens count (a reclaim meets RECLAIM_CONFLICT only from them).
   */
  private OpenState shareConflict(Client client, String owner, FileState file, ShareAccess access,
      ShareDeny deny, boolean reclaimedOnly) {
    for (OpenState o : file.opens) {
      if (o.client == client && o.owner.equals(owner)) {
        continue;
      }
      if (reclaimedOnly && !o.reclaimed) {
        continue;
      }
      if ((access.bits & o.deny.bits) != 0 || (deny.bits & o.access.bits) != 0) {
        return o;
      }
    }
    return null;
  }

  private DelegState conflictingDelegation(Client client, FileState file, OpenDelegationType type) {
    for (DelegState d : file.delegations) {
      if (d.client != client && (type == OpenDelegationType.WRITE || d.type == OpenDelegationType.WRITE)) {
        return d;
      }
    }
    return null;
  }

  /**
   * Whether, and which, delegation a CLAIM_NULL open gets (nfsd 3.6 nfs4_open_delegation,
   * nfs4_set_delegation, generic_add_lease): not in grace, the back channel good, no recall on the
   * file since its state was set up, and READ only: the open's access is READ and nobody, the
   * requester included, has the file open for write. With write-delegations a write open may get
   * a WRITE delegation when no other open owner has the file open and no one else holds a
   * delegation on it. Besides: the delegation-policy, and (not in nfsd) none for a client that
   * already holds one on the file.
   */
  private Delegation maybeDelegate(Client client, FileState file, ShareAccess access, String owner) {
    if (settings.delegationPolicy() == DelegationPolicy.NEVER || inGrace || !callbackPathGood(client)
        || file.hadConflict) {
      return Delegation.NONE;
    }
    if (file.delegations.stream().anyMatch(d -> d.client == client)) {
      return Delegation.NONE; // it already holds one
    }
    OpenDelegationType type;
    boolean allowed;
    if (!access.writes()) {
      type = OpenDelegationType.READ;
      allowed = file.opens.stream().noneMatch(o -> o.access.writes())
          && conflictingDelegation(client, file, type) == null;
    } else if (settings.writeDelegations()) {
      type = OpenDelegationType.WRITE;
      allowed = file.opens.stream().allMatch(o -> o.client == client && o.owner.equals(owner))
          && file.delegations.isEmpty();
    } else {
      return Delegation.NONE; // nfsd 3.6 alloc_init_deleg: READ delegations only
    }
    if (settings.delegationPolicy() == DelegationPolicy.UNCONTENDED) {
      allowed &= file.opens.stream().allMatch(o -> o.client == client)
          && file.delegations.stream().allMatch(d -> d.client == client);
    }
    if (!allowed) {
      return Delegation.NONE;
    }
    DelegState d = grantDelegation(client, file, type, false, false);
    return new Delegation(type, d.stateId(epoch), false);
  }

  private DelegState grantDelegation(Client client, FileState file, OpenDelegationType type,
      boolean reclaim, boolean preRecalled) {
    DelegState d = new DelegState(++nextSerial, client, file, type);
    file.delegations.add(d);
    states.put(d.serial, d);
    observer.report(new ServerFact.DelegationGranted(epoch, client.clientId, file.name, d.stateId(epoch),
        type, reclaim, preRecalled));
    return d;
  }

  /**
   * A request that conflicts with a delegation on {@code file} breaks the file's one lease (nfsd
   * 3.6 nfsd_break_deleg_cb): every delegation on it is recalled and the file marked as having had
   * a conflict. True when one conflicts, so the request waits (NFS4ERR_DELAY, §10.4.4).
   */
  private boolean breakDelegations(FileState file, Predicate<DelegState> conflicts) {
    if (file.delegations.stream().noneMatch(conflicts)) {
      return false;
    }
    file.hadConflict = true;
    for (DelegState d : new ArrayList<>(file.delegations)) {
      if (!d.recalled) {
        startRecall(d);
      }
    }
    return true;
  }

  // ---- SETATTR, REMOVE ----

  private NfsReply conflictingChange(Client client, String name, boolean remove) {
    if (remove && inGrace) {
      return new StatusReply(NFS4ERR_GRACE); // nfsd 3.6 nfsd4_remove
    }
    FileState file = files.get(name);
    if (file == null || !file.exists) {
      return new StatusReply(NFS4ERR_NOENT);
    }
    expireCourtesyHolders(file, client);
    // nfsd 3.6 nfsd_setattr, nfsd_unlink: break_lease whoever asks, the holder too; a WRITE
    // delegation (write-delegations) only for another client (§10.4.4).
    if (breakDelegations(file, d -> d.type == OpenDelegationType.READ || d.client != client)) {
      return new StatusReply(NFS4ERR_DELAY);
    }
    if (remove) {
      file.exists = false;
    }
    return new StatusReply(NFS4_OK);
  }

  // ---- CLOSE (§18.2) ----

  private NfsReply close(Client client, Close r) {
    Checked<OpenState> checked = checkStateId(client, r.openStateId(), OpenState.class, "CLOSE");
    if (checked.state() == null) {
      return new StateIdReply(checked.status(), null);
    }
    OpenState open = checked.state();
    if (settings.closeWithLocks() == CloseWithLocks.REFUSE) {
      for (LockState l : open.locks) {
        if (open.file.locks.holds(client.clientId, l.lockOwner)) {
          return new StateIdReply(NFS4ERR_LOCKS_HELD, null); // §18.2.3: may refuse
        }
      }
    }
    release(open, Release.CLOSED, "CLOSE"); // nfsd 3.6 release_stateid_lockowners: the locks go with it
    return new StateIdReply(NFS4_OK, StateId.INVALID); // §18.2.4: the invalid special stateid
  }

  // ---- LOCK, LOCKT, LOCKU (§18.10 - §18.12) ----

  private NfsReply lock(Client client, Lock r) {
    Long end = LockTable.end(r.offset(), r.length());
    if (end == null) {
      return lockFailed(NFS4ERR_INVAL, null); // nfsd 3.6 nfsd4_lock: the length first
    }
    OpenState open;
    LockState lockState = null;
    String lockOwner;
    if (r.locker() instanceof NewLockOwner n) {
      Checked<OpenState> checked = checkStateId(client, n.openStateId(), OpenState.class, "LOCK");
      if (checked.state() == null) {
        return lockFailed(checked.status(), null);
      }
      open = checked.state();
      lockOwner = n.lockOwner();
      for (LockState l : open.locks) {
        if (l.lockOwner.equals(lockOwner)) {
          lockState = l;
        }
      }
    } else {
      Checked<LockState> checked = checkStateId(client,
          ((NfsRequest.ExistingLockOwner) r.locker()).lockStateId(), LockState.class, "LOCK");
      if (checked.state() == null) {
        return lockFailed(checked.status(), null);
      }
      lockState = checked.state();
      open = lockState.open;
      lockOwner = lockState.lockOwner;
    }
    boolean canRead = (open.access.bits & ShareAccess.READ.bits) != 0;
    if (r.type().writes() ? !open.access.writes() : !canRead) {
      return lockFailed(NFS4ERR_OPENMODE, null); // nfsd 3.6 nfs4_check_openmode
    }
    NfsStat4 grace = GraceRules.lock(inGrace, r.reclaim());
    if (grace != null) {
      return lockFailed(grace, null);
    }
    FileState file = open.file;
    expireCourtesyHolders(file, client);
    // write-delegations: under another client's WRITE delegation locks may be held the server has not seen.
    if (breakDelegations(file, d -> d.type == OpenDelegationType.WRITE && d.client != client)) {
      return lockFailed(NFS4ERR_DELAY, null);
    }
    LockTable.Range conflict = file.locks.conflict(client.clientId, lockOwner, r.type(), r.offset(), end);
    if (conflict != null) {
      return lockFailed(r.reclaim() ? NFS4ERR_RECLAIM_CONFLICT : NFS4ERR_DENIED, denied(conflict));
    }
    if (lockState == null) {
      lockState = new LockState(++nextSerial, open, lockOwner);
      open.locks.add(lockState);
      states.put(lockState.serial, lockState);
    } else {
      lockState.seqid++;
    }
    file.locks.lock(client.clientId, lockOwner, r.type(), r.offset(), end);
    observer.report(new ServerFact.LockGranted(epoch, client.clientId, lockOwner, file.name, r.type(),
        r.offset(), r.length(), r.reclaim()));
    return new LockReply(NFS4_OK, lockState.stateId(epoch), null);
  }

  private static LockReply lockFailed(NfsStat4 status, LockDenied denied) {
    return new LockReply(status, null, denied);
  }

  private static LockDenied denied(LockTable.Range r) {
    return new LockDenied(r.clientId(), r.owner(), r.type(), r.start(), r.length());
  }

  private NfsReply lockt(Client client, Lockt r) {
    NfsStat4 grace = GraceRules.lockt(inGrace);
    if (grace != null) {
      return new LocktReply(grace, null); // nfsd 3.6 nfsd4_lockt: first
    }
    Long end = LockTable.end(r.offset(), r.length());
    if (end == null) {
      return new LocktReply(NFS4ERR_INVAL, null);
    }
    FileState file = files.get(r.file());
    if (file == null) {
      return new LocktReply(NFS4ERR_NOENT, null);
    }
    expireCourtesyHolders(file, client);
    LockTable.Range conflict = file.locks.conflict(client.clientId, r.lockOwner(), r.type(), r.offset(), end);
    return conflict == null ? new LocktReply(NFS4_OK, null) : new LocktReply(NFS4ERR_DENIED, denied(conflict));
  }

  private NfsReply locku(Client client, Locku r) {
    Long end = LockTable.end(r.offset(), r.length());
    if (end == null) {
      return new StateIdReply(NFS4ERR_INVAL, null); // nfsd 3.6 nfsd4_locku: the length first
    }
    Checked<LockState> checked = checkStateId(client, r.lockStateId(), LockState.class, "LOCKU");
    if (checked.state() == null) {
      return new StateIdReply(checked.status(), null);
    }
    LockState l = checked.state();
    l.file.locks.unlock(client.clientId, l.lockOwner, r.offset(), end);
    l.seqid++;
    observer.report(new ServerFact.LockReleased(epoch, client.clientId, l.lockOwner, l.file.name,
        r.offset(), r.length(), Release.UNLOCKED));
    return new StateIdReply(NFS4_OK, l.stateId(epoch)); // nfsd 3.6: the lock stateid lives until CLOSE (§8.2.4)
  }

  // ---- DELEGRETURN (§18.6), RECLAIM_COMPLETE (§18.51) ----

  private NfsReply delegReturn(Client client, DelegReturn r) {
    Checked<DelegState> checked = checkStateId(client, r.delegStateId(), DelegState.class, "DELEGRETURN");
    if (checked.state() == null) {
      return new StatusReply(checked.status());
    }
    release(checked.state(), Release.RETURNED, "DELEGRETURN");
    return new StatusReply(NFS4_OK);
  }

  private NfsReply reclaimComplete(Client client) {
    if (client.reclaimComplete) {
      return new StatusReply(NFS4ERR_COMPLETE_ALREADY);
    }
    client.reclaimComplete = true;
    stableStorage.add(client.ownerId); // nfsd 3.6 nfsd4_reclaim_complete: nfsd4_client_record_create
    stableThisBoot.add(client.ownerId);
    endGraceEarlyIfAllReclaimed();
    return new StatusReply(NFS4_OK);
  }

  // ---- stateids (§8.2) ----

  /**
   * The state a stateid names, or the status that refuses it (nfsd 3.10 nfsd4_lookup_stateid,
   * check_stateid_generation): a special stateid: BAD_STATEID; of an earlier boot: STALE_STATEID;
   * of a client whose lease expired in this epoch: EXPIRED; a revoked delegation: BAD_STATEID
   * (nfsd 3.10 answers DELEG_REVOKED only to TEST_STATEID); ended, unknown, another client's or of
   * another kind: BAD_STATEID; an older generation: OLD_STATEID, a newer one: BAD_STATEID (seqid 0
   * means the current one). Every refusal is reported as {@link ServerFact.StateIdRefused}.
   */
  private <T extends State> Checked<T> checkStateId(Client client, StateId id, Class<T> kind, String op) {
    NfsStat4 status = NFS4ERR_BAD_STATEID;
    Refusal why;
    int current = 0;
    State s = id.epoch() == epoch ? states.get(id.serial()) : null;
    if (id.epoch() == 0 && id.serial() == 0) {
      why = Refusal.UNKNOWN; // a special stateid (§8.2.3) where real state is needed
    } else if (id.epoch() != epoch) {
      status = NFS4ERR_STALE_STATEID;
      why = Refusal.EARLIER_EPOCH;
    } else if (s == null) {
      Ended e = ended.get(id.serial());
      if (e == null) {
        why = Refusal.UNKNOWN;
      } else if (expiredClients.contains(e.clientId())) {
        status = NFS4ERR_EXPIRED;
        why = Refusal.CLIENT_EXPIRED;
      } else if (e.revoked()) {
        why = Refusal.REVOKED;
      } else {
        why = e.clientId() == client.clientId ? Refusal.ENDED : Refusal.OTHER_CLIENT;
      }
    } else {
      current = s.seqid;
      if (s.client != client) {
        why = Refusal.OTHER_CLIENT;
      } else if (!kind.isInstance(s)) {
        why = Refusal.WRONG_KIND;
      } else if (id.seqid() != 0 && id.seqid() < s.seqid) {
        status = NFS4ERR_OLD_STATEID;
        why = Refusal.OLD_GENERATION;
      } else if (id.seqid() > s.seqid) {
        why = Refusal.FUTURE_GENERATION;
      } else {
        return new Checked<>(kind.cast(s), null);
      }
    }
    observer.report(new ServerFact.StateIdRefused(epoch, client.clientId, op, id, status, why, current));
    return new Checked<>(null, status);
  }

  /** nfsd 3.10 revoke_delegation, 4.1 client: the delegation goes, its stateid stays on the client's revoked list. */
  private void revoke(DelegState d, String reason) {
    d.client.revoked.add(d.serial);
    release(d, Release.REVOKED, reason);
  }

  private void release(State s, Release why, String reason) {
    if (states.remove(s.serial) == null) {
      return;
    }
    ended.put(s.serial, new Ended(s.client.clientId, why == Release.REVOKED));
    if (s instanceof DelegState d) {
      d.file.delegations.remove(d);
      if (d.recalled) {
        effects.disarmRevocationTimer(d.serial);
      }
      observer.report(new ServerFact.DelegationEnded(epoch, d.client.clientId, d.file.name,
          d.stateId(epoch), why, reason));
    } else if (s instanceof OpenState o) {
      for (LockState l : new ArrayList<>(o.locks)) {
        release(l, why, reason);
      }
      o.file.opens.remove(o);
      observer.report(new ServerFact.OpenReleased(epoch, o.client.clientId, o.owner, o.file.name,
          o.stateId(epoch), why));
    } else if (s instanceof LockState l) {
      l.open.locks.remove(l);
      for (LockTable.Range r : l.file.locks.removeOwner(l.client.clientId, l.lockOwner)) {
        observer.report(new ServerFact.LockReleased(epoch, l.client.clientId, l.lockOwner, l.file.name,
            r.start(), r.length(), why));
      }
    }
    if (s.file.opens.isEmpty() && s.file.delegations.isEmpty()) {
      s.file.hadConflict = false; // nfsd 3.6 put_nfs4_file: the file's state goes with its last stateid
    }
  }

  private void declareFiles() {
    for (String name : settings.files()) {
      files.put(name, new FileState(name));
    }
  }
}
