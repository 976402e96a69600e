package org.nfs41sim.model.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.server.ServerSettings.CloseWithLocks;
import org.nfs41sim.model.server.ServerSettings.DelegCurInGrace;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.model.server.ServerSettings.RecallFailure;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/** A {@link ServerState} with recorded facts and effects, and short ways to send requests. */
final class ServerHarness {
  /** The defaults of config/defaults.conf: nfsd's behaviour, a 10 s lease, files f1 and f2. */
  static final ServerSettings SETTINGS = settings().build();

  /** A callback timer the server started: the delegation's serial, and for how long. */
  record Timer(long serial, Duration after) {}

  final List<Fact> facts = new ArrayList<>();
  /** Every CB_RECALL sent, in order, resends included. */
  final List<CbRecall> recalls = new ArrayList<>();
  final List<Timer> callbackTimers = new ArrayList<>();
  final List<Long> callbackTimersDisarmed = new ArrayList<>();
  final List<Long> revocationsArmed = new ArrayList<>();
  final List<Long> revocationsDisarmed = new ArrayList<>();
  final ServerState state;

  ServerHarness() {
    this(SETTINGS);
  }

  ServerHarness(ServerSettings settings) {
    state = new ServerState(settings, facts::add, new ServerState.Effects() {
      @Override
      public void recall(ActorRef<Server.Callback> backChannel, CbRecall recall) {
        recalls.add(recall);
      }

      @Override
      public void armCallbackTimer(long serial, Duration after) {
        callbackTimers.add(new Timer(serial, after));
      }

      @Override
      public void disarmCallbackTimer(long serial) {
        callbackTimersDisarmed.add(serial);
      }

      @Override
      public void armRevocationTimer(long serial) {
        revocationsArmed.add(serial);
      }

      @Override
      public void disarmRevocationTimer(long serial) {
        revocationsDisarmed.add(serial);
      }
    });
  }

  /** Settings starting from the defaults. */
  static Settings settings() {
    return new Settings();
  }

  /** A server with the defaults changed by {@code settings}. */
  static ServerHarness with(Settings settings) {
    return new ServerHarness(settings.build());
  }

  /** The facts of one kind, in order. */
  <T extends Fact> List<T> facts(Class<T> kind) {
    return facts.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The holder answers the last CB_RECALL sent. */
  void answerLastRecall(NfsStat4 status) {
    state.recallAnswered(recalls.get(recalls.size() - 1).stateId(), status);
  }

  /** The last callback timer fires (a time-out, or the end of a pause). */
  Timer fireLastCallbackTimer() {
    Timer t = callbackTimers.get(callbackTimers.size() - 1);
    state.callbackTimerFired(t.serial());
    return t;
  }

  /** The defaults of config/defaults.conf, each changeable. */
  static final class Settings {
    Duration lease = Duration.ofSeconds(10);
    DelegationPolicy policy = DelegationPolicy.ALWAYS;
    boolean graceEndsEarly;
    boolean courtesy;
    boolean writeDelegations;
    RecallFailure recallFailure = RecallFailure.RETRY;
    DelegCurInGrace delegCurInGrace = DelegCurInGrace.REFUSE;
    CloseWithLocks closeWithLocks = CloseWithLocks.RELEASE;
    boolean restartReclaimNeeded;

    Settings policy(DelegationPolicy p) {
      policy = p;
      return this;
    }

    Settings graceEndsEarly() {
      graceEndsEarly = true;
      return this;
    }

    Settings courtesy() {
      courtesy = true;
      return this;
    }

    Settings writeDelegations() {
      writeDelegations = true;
      return this;
    }

    Settings recallFailure(RecallFailure r) {
      recallFailure = r;
      return this;
    }

    Settings delegCurInGrace(DelegCurInGrace d) {
      delegCurInGrace = d;
      return this;
    }

    Settings closeWithLocks(CloseWithLocks c) {
      closeWithLocks = c;
      return this;
    }

    Settings restartReclaimNeeded() {
      restartReclaimNeeded = true;
      return this;
    }

    ServerSettings build() {
      return new ServerSettings(lease, lease, lease, policy, graceEndsEarly, courtesy, writeDelegations,
          recallFailure, delegCurInGrace, closeWithLocks, restartReclaimNeeded, List.of("f1", "f2"));
    }
  }

  /** A client of the server: EXCHANGE_ID and CREATE_SESSION done, with a back channel. */
  final class Client {
    final String owner;
    long clientId;
    long sessionId;

    Client(String owner) {
      this.owner = owner;
    }

    Client connect() {
      return connect(true);
    }

    /** EXCHANGE_ID, then CREATE_SESSION with or without a back channel. */
    Client connect(boolean backChannel) {
      clientId = ((NfsReply.ExchangeIdReply) state.handle(new NfsRequest.ExchangeId(0, 0, owner), null)).clientId();
      NfsReply.CreateSessionReply session = (NfsReply.CreateSessionReply) state.handle(
          new NfsRequest.CreateSession(clientId, 0), backChannel ? TestInbox.<Server.Callback>create().getRef() : null);
      sessionId = session.sessionId();
      return this;
    }

    NfsReply send(NfsRequest request) {
      return state.handle(request, null);
    }

    NfsReply.OpenReply open(String file, ShareAccess access, ShareDeny deny) {
      return open(owner, file, access, deny);
    }

    NfsReply.OpenReply open(String openOwner, String file, ShareAccess access, ShareDeny deny) {
      return (NfsReply.OpenReply) send(new NfsRequest.Open(clientId, sessionId, openOwner, file,
          OpenClaimType.CLAIM_NULL, access, deny, false, null, null));
    }

    NfsReply.OpenReply openByHandle(String file, ShareAccess access) {
      return (NfsReply.OpenReply) send(new NfsRequest.Open(clientId, sessionId, owner, file,
          OpenClaimType.CLAIM_FH, access, ShareDeny.NONE, false, null, null));
    }

    NfsReply.OpenReply openUnderDelegation(String openOwner, String file, ShareAccess access, StateId delegation) {
      return (NfsReply.OpenReply) send(new NfsRequest.Open(clientId, sessionId, openOwner, file,
          OpenClaimType.CLAIM_DELEG_CUR_FH, access, ShareDeny.NONE, false, null, delegation));
    }

    NfsReply.OpenReply reclaimOpen(String file, ShareAccess access, OpenDelegationType delegation) {
      return reclaimOpen(owner, file, access, delegation);
    }

    NfsReply.OpenReply reclaimOpen(String openOwner, String file, ShareAccess access, OpenDelegationType delegation) {
      return (NfsReply.OpenReply) send(new NfsRequest.Open(clientId, sessionId, openOwner, file,
          OpenClaimType.CLAIM_PREVIOUS, access, ShareDeny.NONE, false, delegation, null));
    }

    NfsReply.StateIdReply close(StateId open) {
      return (NfsReply.StateIdReply) send(new NfsRequest.Close(clientId, sessionId, open));
    }

    NfsReply.LockReply lock(StateId open, LockType type, long offset, long length, boolean reclaim) {
      return (NfsReply.LockReply) send(new NfsRequest.Lock(clientId, sessionId, type, reclaim, offset, length,
          new NfsRequest.NewLockOwner(open, owner + "-lo")));
    }

    NfsReply.LockReply relock(StateId lock, LockType type, long offset, long length) {
      return (NfsReply.LockReply) send(new NfsRequest.Lock(clientId, sessionId, type, false, offset, length,
          new NfsRequest.ExistingLockOwner(lock)));
    }

    NfsReply.StateIdReply locku(StateId lock, long offset, long length) {
      return (NfsReply.StateIdReply) send(new NfsRequest.Locku(clientId, sessionId, LockType.WRITE_LT, lock,
          offset, length));
    }

    NfsReply.LocktReply lockt(String file, LockType type, long offset, long length) {
      return (NfsReply.LocktReply) send(new NfsRequest.Lockt(clientId, sessionId, file, type, offset, length,
          owner + "-lo"));
    }

    NfsReply reclaimComplete() {
      return send(new NfsRequest.ReclaimComplete(clientId, sessionId));
    }

    NfsReply.SequenceReply sequence() {
      return (NfsReply.SequenceReply) send(new NfsRequest.Sequence(clientId, sessionId));
    }

    NfsReply bindConnToSession() {
      return send(new NfsRequest.BindConnToSession(clientId, sessionId));
    }

    NfsReply delegReturn(StateId delegation) {
      return send(new NfsRequest.DelegReturn(clientId, sessionId, delegation));
    }

    NfsReply setattr(String file) {
      return send(new NfsRequest.Setattr(clientId, sessionId, file, StateId.ANONYMOUS));
    }

    NfsReply remove(String file) {
      return send(new NfsRequest.Remove(clientId, sessionId, file));
    }
  }

  /** A client as Linux mounts one: EXCHANGE_ID, CREATE_SESSION, RECLAIM_COMPLETE (§18.51.3). */
  Client client(String owner) {
    Client c = new Client(owner).connect();
    c.reclaimComplete();
    return c;
  }

  /** A mounted client that gave no back channel. */
  Client clientWithoutBackChannel(String owner) {
    Client c = new Client(owner).connect(false);
    c.reclaimComplete();
    return c;
  }

  /** One lease of laundromat sweeps, with {@code alive} renewing before each. */
  void passLease(Client... alive) {
    for (int tick = 0; tick < 11; tick++) {
      for (Client c : alive) {
        c.sequence();
      }
      state.laundromat();
    }
  }
}
