package org.nfs41sim.model.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/** A {@link ServerState} with recorded facts and effects, and short ways to send requests. */
final class ServerHarness {
  static final ServerSettings SETTINGS = new ServerSettings(Duration.ofSeconds(10), Duration.ofSeconds(10),
      Duration.ofSeconds(10), ServerSettings.DelegationPolicy.ALWAYS, true, false, List.of("f1", "f2"));

  final List<Fact> facts = new ArrayList<>();
  final List<CbRecall> recalls = new ArrayList<>();
  final List<Long> armed = new ArrayList<>();
  final List<Long> disarmed = new ArrayList<>();
  final ServerState state;

  /** Delegations whose CB_RECALL the server will send again (it was answered DELAY). */
  final java.util.List<Long> retries = new java.util.ArrayList<>();

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
      public void armRecallTimer(long serial) {
        armed.add(serial);
      }

      @Override
      public void disarmRecallTimer(long serial) {
        disarmed.add(serial);
      }

      @Override
      public void retryRecallLater(long serial) {
        retries.add(serial);
      }
    });
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
      clientId = ((NfsReply.ExchangeIdReply) state.handle(new NfsRequest.ExchangeId(0, 0, owner), null)).clientId();
      NfsReply.CreateSessionReply session = (NfsReply.CreateSessionReply)
          state.handle(new NfsRequest.CreateSession(clientId, 0), TestInbox.<Server.Callback>create().getRef());
      sessionId = session.sessionId();
      return this;
    }

    NfsReply send(NfsRequest request) {
      return state.handle(request, null);
    }

    NfsReply.OpenReply open(String file, ShareAccess access, ShareDeny deny) {
      return (NfsReply.OpenReply) send(new NfsRequest.Open(clientId, sessionId, owner, file,
          OpenClaimType.CLAIM_NULL, access, deny, false, null, null));
    }

    NfsReply.OpenReply reclaimOpen(String file, ShareAccess access, OpenDelegationType delegation) {
      return (NfsReply.OpenReply) send(new NfsRequest.Open(clientId, sessionId, owner, file,
          OpenClaimType.CLAIM_PREVIOUS, access, ShareDeny.NONE, false, delegation, null));
    }

    NfsReply.LockReply lock(StateId open, LockType type, long offset, long length, boolean reclaim) {
      return (NfsReply.LockReply) send(new NfsRequest.Lock(clientId, sessionId, type, reclaim, offset, length,
          new NfsRequest.NewLockOwner(open, owner + "-lo")));
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

    NfsReply delegReturn(StateId delegation) {
      return send(new NfsRequest.DelegReturn(clientId, sessionId, delegation));
    }
  }

  /** A client as Linux mounts one: EXCHANGE_ID, CREATE_SESSION, RECLAIM_COMPLETE (§18.51.3). */
  Client client(String owner) {
    Client c = new Client(owner).connect();
    c.reclaimComplete();
    return c;
  }
}
