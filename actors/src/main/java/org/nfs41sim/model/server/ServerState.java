package org.nfs41sim.model.server;

import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BADSESSION;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BAD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_COMPLETE_ALREADY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELAY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELEG_REVOKED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_GRACE;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_INVAL;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_LOCKS_HELD;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_NOENT;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_OLD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_RECLAIM_BAD;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_RECLAIM_CONFLICT;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_SHARE_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_STALE_CLIENTID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.facts.ServerFact.Release;
import org.nfs41sim.model.locking.LockTable;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsReply.Delegation;
import org.nfs41sim.protocol.nfs.NfsReply.LockDenied;
import org.nfs41sim.protocol.nfs.NfsReply.LockReply;
import org.nfs41sim.protocol.nfs.NfsReply.LocktReply;
import org.nfs41sim.protocol.nfs.NfsReply.OpenReply;
import org.nfs41sim.protocol.nfs.NfsReply.StateIdReply;
import org.nfs41sim.protocol.nfs.NfsReply.StatusReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsRequest.Close;
import org.nfs41sim.protocol.nfs.NfsRequest.CreateSession;
import org.nfs41sim.protocol.nfs.NfsRequest.DelegReturn;
import org.nfs41sim.protocol.nfs.NfsRequest.DestroySession;
import org.nfs41sim.protocol.nfs.NfsRequest.ExchangeId;
import org.nfs41sim.protocol.nfs.NfsRequest.ExistingLockOwner;
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
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The server's state and its rules, apart from the actor that drives it: one call per request,
 * handled whole (as nfsd does under its state lock), with what must happen besides the reply
 * (callbacks, timers) handed to {@link Effects}. All maps are ordered: iteration never depends on
 * identity hashes.
 */
final class ServerState {

  /** What a request causes besides its reply; the actor carries it out. */
  interface Effects {
    void recall(ActorRef<Server.Callback> backChannel, CbRecall recall);

    void armRecallTimer(long serial);

    void disarmRecallTimer(long serial);

    /** Send the CB_RECALL of delegation {@code serial} again after a pause (the holder said DELAY). */
    void retryRecallLater(long serial);
  }

  /** A client record (§2.4): one per client owner per boot epoch. */
  static final class Client {
    final long clientId;
    final String ownerId;
    final boolean knownBeforeReboot;
    long sessionId;
    ActorRef<Server.Callback> backChannel;
    long renewedTick;
    boolean reclaimComplete;
    /** Lease expired, state kept until another client needs one of its files (courtesy mode). */
    boolean courtesy;

    Client(long clientId, String ownerId, boolean knownBeforeReboot, long tick) {
      this.clientId = clientId;
      this.ownerId = ownerId;
      this.knownBeforeReboot = knownBeforeReboot;
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

    OpenState(long serial, Client client, FileState file, String owner, ShareAccess access,
        ShareDeny deny, boolean reclaimed) {
      super(serial, client, file);
      this.owner = owner;
      this.access = access;
      this.deny = deny;
      this.reclaimed = reclaimed;
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
    boolean recalled;

    DelegState(long serial, Client client, FileState file, OpenDelegationType type) {
      super(serial, client, file);
      this.type = type;
    }
  }

  static final class FileState {
    final String name;
    boolean exists = true;
    final List<OpenState> opens = new ArrayList<>();
    final List<DelegState> delegations = new ArrayList<>();
    final LockTable locks = new LockTable();

    FileState(String name) {
      this.name = name;
    }
  }

  private final ServerSettings settings;
  private final Observer observer;
  private final Effects effects;
  private final int ticksPerLease;

  private int epoch = 1;
  private boolean inGrace;
  private boolean graceLeaseMarkPassed;
  private Set<String> stableStorage = new TreeSet<>();
  private final Set<String> confirmed = new TreeSet<>();
  private final Map<Long, Client> clients = new TreeMap<>();
  private final Map<String, Client> clientsByOwner = new TreeMap<>();
  private final Map<String, FileState> files = new TreeMap<>();
  private final Map<Long, State> states = new TreeMap<>();
  private final Set<Long> revokedDelegations = new TreeSet<>();
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

  /** All volatile state is lost and a new epoch begins in grace (§8.4.2). */
  void reboot() {
    // A reboot during grace keeps the clients that have not come back yet (nfsd purges them only
    // when grace ends).
    Set<String> known = new TreeSet<>(confirmed);
    if (inGrace) {
      known.addAll(stableStorage);
    }
    stableStorage = known;
    confirmed.clear();
    clients.clear();
    clientsByOwner.clear();
    states.clear();
    revokedDelegations.clear();
    for (FileState file : files.values()) { // names are on disk, not volatile
      file.opens.clear();
      file.delegations.clear();
      file.locks.clear();
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

  /** The grace period's full length has passed. */
  void graceTimedOut() {
    if (inGrace) {
      inGrace = false;
      observer.report(new ServerFact.GraceEnded(epoch, false));
    }
  }

  private boolean endGraceEarlyIfAllReclaimed() {
    if (!inGrace || !settings.graceEndsEarly() || !graceLeaseMarkPassed) {
      return false;
    }
    for (String owner : stableStorage) {
      Client c = clientsByOwner.get(owner);
      if (c == null || !c.reclaimComplete) {
        return false;
      }
    }
    inGrace = false;
    observer.report(new ServerFact.GraceEnded(epoch, true));
    return true;
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

  private void expire(Client c) {
    for (State s : new ArrayList<>(states.values())) {
      if (s.client == c) {
        release(s, Release.EXPIRED, "lease expired");
      }
    }
    clients.remove(c.clientId);
    clientsByOwner.remove(c.ownerId);
    confirmed.remove(c.ownerId);
    observer.report(new ServerFact.ClientExpired(epoch, c.clientId, c.ownerId));
  }

  /** The pause after a DELAY answer is over: recall again if the delegation is still outstanding. */
  void retryRecall(long serial) {
    if (states.get(serial) instanceof DelegState d && d.recalled && d.client.backChannel != null) {
      effects.recall(d.client.backChannel, new CbRecall(d.stateId(epoch), false, d.file.name));
    }
  }

  /** The recall of {@code serial} timed out: revoke it (§10.4.5). */
  void recallTimedOut(long serial) {
    if (states.get(serial) instanceof DelegState d) {
      revoke(d, "recall timed out");
    }
  }

  /**
   * The holder answered a CB_RECALL. OK and DELAY leave the recall running; any other answer
   * completes it (§20.2.4), and since the delegation was not returned, the server revokes it. A
   * client that may have raced the OPEN reply granting the delegation answers DELAY (in 4.1 it
   * can tell from CB_SEQUENCE's referring calls, §2.10.6.3); guarding that race is its job. After
   * DELAY the server sends the CB_RECALL again a little later, until the recall ends.
   */
  void recallAnswered(StateId stateId, NfsStat4 status) {
    if (stateId == null || stateId.epoch() != epoch || status == NFS4_OK) {
      return;
    }
    if (status == NFS4ERR_DELAY) {
      if (states.get(stateId.serial()) instanceof DelegState d && d.recalled) {
        effects.retryRecallLater(d.serial);
      }
      return;
    }
    if (states.get(stateId.serial()) instanceof DelegState d && d.recalled) {
      revoke(d, "CB_RECALL answered " + status.shortName());
    }
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
      // §18.46.3: after a restart, set on every SEQUENCE until the client's RECLAIM_COMPLETE.
      return new NfsReply.SequenceReply(NFS4_OK, epoch > 1 && !client.reclaimComplete);
    }
    if (request instanceof DestroySession) {
      client.sessionId = 0;
      client.backChannel = null;
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

  private NfsReply exchangeId(ExchangeId r) {
    Client existing = clientsByOwner.get(r.ownerId());
    if (existing != null) {
      return new NfsReply.ExchangeIdReply(NFS4_OK, existing.clientId);
    }
    long id = ((long) epoch << 32) | ++nextClient;
    Client c = new Client(id, r.ownerId(), stableStorage.contains(r.ownerId()), tick);
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
    confirmed.add(c.ownerId);
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
    NfsStat4 grace = GraceRules.nonReclaim(inGrace, client.reclaimComplete);
    if (grace != null) {
      return openFailed(grace); // §8.4.2, §18.51.3
    }
    FileState file = files.get(r.file());
    if (file == null || (!file.exists && !(r.create() && r.claim() == OpenClaimType.CLAIM_NULL))) {
      return openFailed(NFS4ERR_NOENT);
    }
    // §10.4.4: any open against a WRITE delegation; a write open, or one denying reads, against a
    // READ delegation (its holder may have reads open locally).
    // A write open also recalls the opener's own READ delegation, which cannot cover it (Linux
    // nfsd of the time breaks every read lease for a write open; the client returns it first when
    // it knows, nfs4_return_incompatible_delegation, but its open may have crossed the grant).
    boolean othersRecalled = recallConflicting(client, file, d -> d.type == OpenDelegationType.WRITE
        || r.access().writes() || (r.deny().bits & ShareDeny.READ.bits) != 0);
    boolean ownRecalled = recallOwn(client, file, d -> d.type == OpenDelegationType.READ && r.access().writes());
    if (othersRecalled || ownRecalled) {
      return openFailed(NFS4ERR_DELAY); // §10.4.4: the conflicting OPEN waits for the recall
    }
    OpenState existing = findOpen(client, file, r.owner());
    if (shareConflict(client, r.owner(), file, r.access(), r.deny(), false) != null) {
      return openFailed(NFS4ERR_SHARE_DENIED);
    }
    file.exists = true;
    OpenState open = grantOpen(client, file, r, existing, false);
    return new OpenReply(NFS4_OK, open.stateId(epoch), maybeDelegate(client, file, r.access(), r.owner()));
  }

  private NfsReply openReclaim(Client client, Open r) {
    NfsStat4 grace = GraceRules.reclaim(inGrace, client.knownBeforeReboot, client.reclaimComplete);
    if (grace != null) {
      return openFailed(grace);
    }
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
    OpenState open = grantOpen(client, file, r, findOpen(client, file, r.owner()), true);
    Delegation delegation = Delegation.NONE;
    if (held != null && claimed != OpenDelegationType.NONE) {
      // Another open owner of the client reclaimed the same delegation already: one delegation.
      delegation = new Delegation(held.type, held.stateId(epoch), held.recalled);
    } else if (claimed != OpenDelegationType.NONE) {
      // §18.16.3: a reclaimed delegation is always granted, pre-recalled if others now conflict.
      boolean preRecall = otherOpens(client, file, claimed == OpenDelegationType.READ);
      DelegState d = grantDelegation(client, file, claimed, true, preRecall);
      if (preRecall) {
        d.recalled = true;
        effects.armRecallTimer(d.serial);
        observer.report(new ServerFact.DelegationRecalled(epoch, client.clientId, file.name, d.stateId(epoch)));
      }
      delegation = new Delegation(claimed, d.stateId(epoch), preRecall);
    }
    return new OpenReply(NFS4_OK, open.stateId(epoch), delegation);
  }

  private NfsReply openUnderDelegation(Client client, Open r) {
    FileState file = files.get(r.file());
    if (file == null) {
      return openFailed(NFS4ERR_NOENT);
    }
    Object checked = checkStateId(client, r.delegStateId(), DelegState.class);
    if (checked instanceof NfsStat4 status) {
      return openFailed(status);
    }
    DelegState d = (DelegState) checked;
    if (d.file != file) {
      return openFailed(NFS4ERR_BAD_STATEID);
    }
    if (r.access().writes() && d.type == OpenDelegationType.READ) {
      return openFailed(NfsStat4.NFS4ERR_OPENMODE); // a READ delegation covers no write open
    }
    // §10.2.1: allowed in grace too, since the delegation it rests on was reclaimed.
    if (shareConflict(client, r.owner(), file, r.access(), r.deny(), false) != null) {
      return openFailed(NFS4ERR_SHARE_DENIED);
    }
    OpenState open = grantOpen(client, file, r, findOpen(client, file, r.owner()), false);
    return new OpenReply(NFS4_OK, open.stateId(epoch), Delegation.NONE);
  }

  private static OpenReply openFailed(NfsStat4 status) {
    return new OpenReply(status, null, null);
  }

  private OpenState grantOpen(Client client, FileState file, Open r, OpenState existing, boolean reclaim) {
    OpenState open = existing;
    if (open == null) {
      open = new OpenState(++nextSerial, client, file, r.owner(), r.access(), r.deny(), reclaim);
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

  /** An open of another open owner whose share reservation conflicts (§9.7), or null. */
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

  private boolean otherOpens(Client client, FileState file, boolean writersOnly) {
    return file.opens.stream().anyMatch(o -> o.client != client && (!writersOnly || o.access.writes()));
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
   * §10.4: whether, and which, delegation to give with a new open. Besides §10.4's conditions,
   * the lease rules of Linux nfsd (delegations are VFS leases, generic_add_lease): no READ
   * delegation while any other open owner, of this client too, has the file open for write; no
   * WRITE delegation while any other open owner has it open at all. A client thus never holds a
   * delegation next to opens of its own the delegation does not cover.
   */
  private Delegation maybeDelegate(Client client, FileState file, ShareAccess access, String owner) {
    if (settings.delegationPolicy() == DelegationPolicy.NEVER || client.backChannel == null) {
      return Delegation.NONE;
    }
    for (DelegState d : file.delegations) {
      if (d.client == client) {
        return Delegation.NONE; // it already holds one
      }
    }
    OpenDelegationType type = access.writes() ? OpenDelegationType.WRITE : OpenDelegationType.READ;
    boolean contended = otherOpens(client, file, type == OpenDelegationType.READ)
        || conflictingDelegation(client, file, type) != null
        || file.opens.stream().anyMatch(o -> !(o.client == client && o.owner.equals(owner))
            && (type == OpenDelegationType.WRITE || o.access.writes()));
    if (settings.delegationPolicy() == DelegationPolicy.UNCONTENDED) {
      contended |= otherOpens(client, file, false)
          || file.delegations.stream().anyMatch(d -> d.client != client);
    }
    if (contended) {
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
   * Recalls every delegation of another client on {@code file} that {@code conflicts}; true when
   * any is outstanding, so the request must wait (§10.4.4, answered NFS4ERR_DELAY).
   */
  private boolean recallConflicting(Client client, FileState file,
      java.util.function.Predicate<DelegState> conflicts) {
    return recall(file, d -> d.client != client && conflicts.test(d));
  }

  /** Recalls {@code client}'s own delegations on the file that {@code conflicts} says its request conflicts with. */
  private boolean recallOwn(Client client, FileState file, java.util.function.Predicate<DelegState> conflicts) {
    return recall(file, d -> d.client == client && conflicts.test(d));
  }

  private boolean recall(FileState file, java.util.function.Predicate<DelegState> conflicts) {
    boolean outstanding = false;
    for (DelegState d : file.delegations) {
      if (!conflicts.test(d)) {
        continue;
      }
      outstanding = true;
      if (!d.recalled) {
        d.recalled = true;
        observer.report(new ServerFact.DelegationRecalled(epoch, d.client.clientId, file.name, d.stateId(epoch)));
        effects.armRecallTimer(d.serial);
        if (d.client.backChannel != null) {
          effects.recall(d.client.backChannel, new CbRecall(d.stateId(epoch), false, file.name));
        }
      }
    }
    return outstanding;
  }

  // ---- SETATTR, REMOVE ----

  private NfsReply conflictingChange(Client client, String name, boolean remove) {
    FileState file = files.get(name);
    if (file == null || !file.exists) {
      return new StatusReply(NFS4ERR_NOENT);
    }
    expireCourtesyHolders(file, client);
    if (recallConflicting(client, file, d -> true)) {
      return new StatusReply(NFS4ERR_DELAY); // §10.4.4: SETATTR and REMOVE recall any delegation
    }
    if (remove) {
      file.exists = false;
    }
    return new StatusReply(NFS4_OK);
  }

  // ---- CLOSE (§18.2) ----

  private NfsReply close(Client client, Close r) {
    Object checked = checkStateId(client, r.openStateId(), OpenState.class);
    if (checked instanceof NfsStat4 status) {
      return new StateIdReply(status, null);
    }
    OpenState open = (OpenState) checked;
    for (LockState l : open.locks) {
      if (open.file.locks.holds(client.clientId, l.lockOwner)) {
        return new StateIdReply(NFS4ERR_LOCKS_HELD, null); // §18.2.4: we refuse, we do not release
      }
    }
    release(open, Release.CLOSED, "CLOSE");
    return new StateIdReply(NFS4_OK, StateId.INVALID); // §18.2.4: the invalid special stateid
  }

  // ---- LOCK, LOCKT, LOCKU (§18.10 - §18.12) ----

  private NfsReply lock(Client client, Lock r) {
    OpenState open;
    LockState lockState = null;
    String lockOwner;
    if (r.locker() instanceof NewLockOwner n) {
      Object checked = checkStateId(client, n.openStateId(), OpenState.class);
      if (checked instanceof NfsStat4 status) {
        return lockFailed(status, null);
      }
      open = (OpenState) checked;
      lockOwner = n.lockOwner();
      for (LockState l : open.locks) {
        if (l.lockOwner.equals(lockOwner)) {
          lockState = l;
        }
      }
    } else {
      Object checked = checkStateId(client, ((ExistingLockOwner) r.locker()).lockStateId(), LockState.class);
      if (checked instanceof NfsStat4 status) {
        return lockFailed(status, null);
      }
      lockState = (LockState) checked;
      open = lockState.open;
      lockOwner = lockState.lockOwner;
    }
    Long end = LockTable.end(r.offset(), r.length());
    if (end == null) {
      return lockFailed(NFS4ERR_INVAL, null);
    }
    NfsStat4 grace = r.reclaim()
        ? GraceRules.reclaim(inGrace, client.knownBeforeReboot, client.reclaimComplete)
        : GraceRules.nonReclaim(inGrace, client.reclaimComplete);
    if (grace != null) {
      return lockFailed(grace, null);
    }
    if (r.reclaim() && !open.reclaimed) {
      return lockFailed(NFS4ERR_RECLAIM_BAD, null); // an open made after the reboot held no locks before it
    }
    FileState file = open.file;
    expireCourtesyHolders(file, client);
    if (recallConflicting(client, file, d -> d.type == OpenDelegationType.WRITE)) {
      return lockFailed(NFS4ERR_DELAY, null); // locks of the holder may be cached under it
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
    FileState file = files.get(r.file());
    if (file == null) {
      return new LocktReply(NFS4ERR_NOENT, null);
    }
    Long end = LockTable.end(r.offset(), r.length());
    if (end == null) {
      return new LocktReply(NFS4ERR_INVAL, null);
    }
    NfsStat4 grace = GraceRules.nonReclaim(inGrace, client.reclaimComplete);
    if (grace != null) {
      return new LocktReply(grace, null);
    }
    expireCourtesyHolders(file, client);
    LockTable.Range conflict = file.locks.conflict(client.clientId, r.lockOwner(), r.type(), r.offset(), end);
    return conflict == null ? new LocktReply(NFS4_OK, null) : new LocktReply(NFS4ERR_DENIED, denied(conflict));
  }

  private NfsReply locku(Client client, Locku r) {
    Object checked = checkStateId(client, r.lockStateId(), LockState.class);
    if (checked instanceof NfsStat4 status) {
      return new StateIdReply(status, null);
    }
    LockState l = (LockState) checked;
    Long end = LockTable.end(r.offset(), r.length());
    if (end == null) {
      return new StateIdReply(NFS4ERR_INVAL, null);
    }
    l.file.locks.unlock(client.clientId, l.lockOwner, r.offset(), end);
    l.seqid++;
    observer.report(new ServerFact.LockReleased(epoch, client.clientId, l.lockOwner, l.file.name,
        r.offset(), r.length(), Release.UNLOCKED));
    return new StateIdReply(NFS4_OK, l.stateId(epoch)); // §8.2.4: the lock stateid lives until CLOSE
  }

  // ---- DELEGRETURN (§18.6), RECLAIM_COMPLETE (§18.51) ----

  private NfsReply delegReturn(Client client, DelegReturn r) {
    Object checked = checkStateId(client, r.delegStateId(), DelegState.class);
    if (checked instanceof NfsStat4 status) {
      return new StatusReply(status);
    }
    release((DelegState) checked, Release.RETURNED, "DELEGRETURN");
    return new StatusReply(NFS4_OK);
  }

  private NfsReply reclaimComplete(Client client) {
    if (client.reclaimComplete) {
      return new StatusReply(NFS4ERR_COMPLETE_ALREADY);
    }
    client.reclaimComplete = true;
    endGraceEarlyIfAllReclaimed();
    return new StatusReply(NFS4_OK);
  }

  // ---- stateids (§8.2) ----

  /**
   * The state a stateid names, or the status that refuses it: from an earlier epoch, unknown, of
   * another client or kind: BAD_STATEID; a revoked delegation: DELEG_REVOKED; an older generation:
   * OLD_STATEID, a newer one: BAD_STATEID (§8.2.2; seqid 0 means the current one).
   */
  private Object checkStateId(Client client, StateId id, Class<? extends State> kind) {
    if (id.epoch() != epoch) {
      return NFS4ERR_BAD_STATEID; // §15.1.16.5: STALE_STATEID is moot in 4.1
    }
    State s = states.get(id.serial());
    if (s == null) {
      return revokedDelegations.contains(id.serial()) && kind == DelegState.class
          ? NFS4ERR_DELEG_REVOKED : NFS4ERR_BAD_STATEID;
    }
    if (s.client != client || !kind.isInstance(s)) {
      return NFS4ERR_BAD_STATEID;
    }
    if (id.seqid() != 0 && id.seqid() < s.seqid) {
      return NFS4ERR_OLD_STATEID;
    }
    if (id.seqid() > s.seqid) {
      return NFS4ERR_BAD_STATEID;
    }
    return s;
  }

  private void revoke(DelegState d, String reason) {
    revokedDelegations.add(d.serial);
    release(d, Release.REVOKED, reason);
  }

  private void release(State s, Release why, String reason) {
    if (states.remove(s.serial) == null) {
      return;
    }
    if (s instanceof DelegState d) {
      d.file.delegations.remove(d);
      if (d.recalled) {
        effects.disarmRecallTimer(d.serial);
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
  }

  private void declareFiles() {
    for (String name : settings.files()) {
      files.put(name, new FileState(name));
    }
  }
}
