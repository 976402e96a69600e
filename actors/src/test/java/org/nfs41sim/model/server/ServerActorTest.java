package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.Effect;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.nfs.NfsCodec;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;

/**
 * The actor around {@link ServerState}: requests that arrive as bytes (what does not decode is
 * answered, never crashes the server), and the timers of a CB_RECALL.
 */
class ServerActorTest {

  record Case(String name, byte[] bytes, NfsStat4 expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    byte[] open = NfsCodec.encode(new NfsRequest.Open(7, 9, "o", "f1", OpenClaimType.CLAIM_NULL,
        ShareAccess.READ, ShareDeny.NONE, false, null, null));
    byte[] truncated = java.util.Arrays.copyOf(open, open.length - 1);
    return List.of(
        new Case("garbage is BADXDR", new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, NfsStat4.NFS4ERR_BADXDR),
        new Case("a cut-off message is BADXDR", truncated, NfsStat4.NFS4ERR_BADXDR),
        new Case("a message with no operation is INVAL", new byte[0], NfsStat4.NFS4ERR_INVAL),
        new Case("a well-formed OPEN on no session is BADSESSION", open, NfsStat4.NFS4ERR_BADSESSION));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bytesThatDoNotDecodeAreAnsweredWithoutHarm(Case c) {
    BehaviorTestKit<Server.Command> server = BehaviorTestKit.create(Server.create(ServerHarness.SETTINGS, Observer.NONE));
    TestInbox<NfsReply> replies = TestInbox.create();

    server.run(new Server.WireCall(c.bytes(), replies.getRef()));

    assertThat(replies.receiveMessage().status()).isEqualTo(c.expected());
    assertThat(server.isAlive()).isTrue();
  }

  /** EXCHANGE_ID, CREATE_SESSION with {@code backChannel}, RECLAIM_COMPLETE; the client and session ids. */
  private static long[] mount(BehaviorTestKit<Server.Command> server, String owner,
      TestInbox<Server.Callback> backChannel) {
    TestInbox<NfsReply> replies = TestInbox.create();
    server.run(new Server.Call(new NfsRequest.ExchangeId(0, 0, owner), replies.getRef()));
    long clientId = ((NfsReply.ExchangeIdReply) replies.receiveMessage()).clientId();
    server.run(new Server.OpenSession(new NfsRequest.CreateSession(clientId, 0), backChannel.getRef(),
        replies.getRef()));
    long sessionId = ((NfsReply.CreateSessionReply) replies.receiveMessage()).sessionId();
    server.run(new Server.Call(new NfsRequest.ReclaimComplete(clientId, sessionId), replies.getRef()));
    return new long[] {clientId, sessionId};
  }

  private static Effect.TimerScheduled<?> timer(BehaviorTestKit<Server.Command> server, Duration after) {
    return server.getAllEffects().stream().filter(e -> e instanceof Effect.TimerScheduled<?> t
            && t.duration().equals(after)).map(e -> (Effect.TimerScheduled<?>) e).findFirst().orElseThrow();
  }

  @Test
  void anUnansweredRecallTimesOutAfterOneSecondAndIsSentAgainTwoSecondsLater() {
    BehaviorTestKit<Server.Command> server =
        BehaviorTestKit.create(Server.create(ServerHarness.SETTINGS, Observer.NONE));
    TestInbox<Server.Callback> holderBack = TestInbox.create();
    TestInbox<NfsReply> replies = TestInbox.create();
    long[] holder = mount(server, "holder", holderBack);
    long[] other = mount(server, "other", TestInbox.create());
    server.run(new Server.Call(new NfsRequest.Open(holder[0], holder[1], "h", "f1", OpenClaimType.CLAIM_NULL,
        ShareAccess.READ, ShareDeny.NONE, false, null, null), replies.getRef()));
    server.getAllEffects();

    server.run(new Server.Call(new NfsRequest.Open(other[0], other[1], "o", "f1", OpenClaimType.CLAIM_NULL,
        ShareAccess.WRITE, ShareDeny.NONE, false, null, null), replies.getRef()));
    Server.Callback first = holderBack.receiveMessage();
    server.run((Server.Command) timer(server, Duration.ofSeconds(1)).msg());
    server.run((Server.Command) timer(server, Duration.ofSeconds(2)).msg());

    assertThat(holderBack.receiveMessage().recall()).isEqualTo(first.recall());
    assertThat(timer(server, Duration.ofSeconds(1))).isNotNull(); // the resend's own time-out
  }

  @Test
  void aRecalledDelegationIsRevokedWhenItsRecallTimeoutFires() {
    List<Fact> facts = new ArrayList<>();
    BehaviorTestKit<Server.Command> server = BehaviorTestKit.create(Server.create(ServerHarness.SETTINGS, facts::add));
    TestInbox<NfsReply> replies = TestInbox.create();
    long[] holder = mount(server, "holder", TestInbox.create());
    long[] other = mount(server, "other", TestInbox.create());
    server.run(new Server.Call(new NfsRequest.Open(holder[0], holder[1], "h", "f1", OpenClaimType.CLAIM_NULL,
        ShareAccess.READ, ShareDeny.NONE, false, null, null), replies.getRef()));
    server.getAllEffects();
    server.run(new Server.Call(new NfsRequest.Open(other[0], other[1], "o", "f1", OpenClaimType.CLAIM_NULL,
        ShareAccess.WRITE, ShareDeny.NONE, false, null, null), replies.getRef()));

    server.run((Server.Command) timer(server, ServerHarness.SETTINGS.recallTimeout()).msg());

    assertThat(facts).filteredOn(f -> f instanceof ServerFact.DelegationEnded).singleElement()
        .satisfies(f -> assertThat(((ServerFact.DelegationEnded) f).why()).isEqualTo(ServerFact.Release.REVOKED));
  }
}
