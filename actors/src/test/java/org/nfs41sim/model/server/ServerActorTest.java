package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.protocol.nfs.NfsCodec;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;

/** Requests that arrive as bytes: what does not decode is answered, never crashes the server. */
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
}
