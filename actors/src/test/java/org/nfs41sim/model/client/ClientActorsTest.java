package org.nfs41sim.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.CbRecallReply;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;

/** The client's actors one at a time, with test inboxes for everything around them. */
class ClientActorsTest {
  private final List<Fact> facts = new ArrayList<>();
  private final TestInbox<Server.Command> server = TestInbox.create();

  private BehaviorTestKit<NfsClient.Command> client() {
    return BehaviorTestKit.create(NfsClient.create(
        new ClientSettings("c1", ClientVariant.FIXED, Duration.ofSeconds(6)), server.getRef(), facts::add));
  }

  /** The client takes in an OPEN reply for {@code process}: open stateid serial {@code open}, and a delegation or none. */
  private static void opened(BehaviorTestKit<NfsClient.Command> client, String process, ShareAccess access, long open,
      org.nfs41sim.protocol.nfs.OpenDelegationType delegation, TestInbox<Application.Command> replyTo) {
    client.run(new NfsClient.OpenReplied(process, "f1", access, new NfsReply.OpenReply(NfsStat4.NFS4_OK,
        new StateId(1, 1, open), delegation == null ? null
            : new NfsReply.Delegation(delegation, new StateId(1, 1, open + 1), false)), 0, replyTo.getRef()));
  }

  @Test
  void aCallbackForADelegationTheClientDoesNotHoldIsBadHandle() {
    BehaviorTestKit<NfsClient.Command> client = client();
    TestInbox<CbRecallReply> reply = TestInbox.create();

    client.run(new NfsClient.RecallDelegation(new CbRecall(new StateId(1, 1, 9), false, "f1"), reply.getRef()));

    assertThat(reply.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_BADHANDLE);
  }

  @Test
  void whileTheSessionDrainsOnlyPrivilegedRpcsGoToTheServer() {
    BehaviorTestKit<NfsClient.Command> client = client();
    TestInbox<NfsReply> replies = TestInbox.create();
    client.run(NfsClient.BeginDrain.INSTANCE);

    client.run(new NfsClient.Rpc("renewd", new NfsRequest.Sequence(0, 0), false, replies.getRef()));
    boolean ordinaryWent = server.hasMessages();
    client.run(new NfsClient.Rpc("state-manager", new NfsRequest.ReclaimComplete(0, 0), true, replies.getRef()));

    assertThat(ordinaryWent).isFalse();
    assertThat(server.receiveMessage()).isInstanceOfSatisfying(Server.Call.class,
        call -> assertThat(call.request()).isInstanceOf(NfsRequest.ReclaimComplete.class));
    assertThat(facts).contains(new ClientFact.Waits("c1", "drain", "renewd", "ordinary RPC"));
  }

  @Test
  void theClientStartsItsStateManagerToMount() {
    client();

    assertThat(facts).startsWith(
        new ClientFact.BitChanged("c1", "LEASE_EXPIRED", true),
        new ClientFact.Holds("c1", "MANAGER_RUNNING", "state-manager", "running"));
  }

  @Test
  void theCallbackServicePassesARecallToItsClient() {
    TestInbox<NfsClient.Command> client = TestInbox.create();
    BehaviorTestKit<Server.Callback> service = BehaviorTestKit.create(CallbackService.create(client.getRef()));
    TestInbox<CbRecallReply> reply = TestInbox.create();
    CbRecall recall = new CbRecall(new StateId(1, 1, 2), false, "f1");

    service.run(new Server.Callback(recall, reply.getRef()));

    assertThat(client.receiveMessage()).isEqualTo(new NfsClient.RecallDelegation(recall, reply.getRef()));
  }

  @Test
  void aProcessWaitsForTheMountThenOpensUnderTheDelegationWithoutAnRpc() {
    TestInbox<NfsClient.Command> nfs = TestInbox.create();
    BehaviorTestKit<Application.Command> p1 = BehaviorTestKit.create(Application.create("c1", "p1", nfs.getRef(),
        List.of(new Application.Open("f1", ShareAccess.READ)), facts::add));
    NfsClient.Command first = nfs.receiveMessage();

    p1.run(Application.Recovered.INSTANCE);
    NfsClient.Command second = nfs.receiveMessage();
    p1.run(new Application.OpenedLocally(true, 0));

    assertThat(first).isInstanceOf(NfsClient.AwaitMount.class);
    assertThat(second).isInstanceOfSatisfying(NfsClient.OpenCached.class,
        open -> assertThat(open.file()).isEqualTo("f1"));
    assertThat(nfs.hasMessages()).isFalse(); // no OPEN went out
    assertThat(facts).containsExactly(
        new ClientFact.OpStarted("c1", "p1", "open(READ)", "f1"),
        new ClientFact.OpReturned("c1", "p1", "open(READ)", "f1", "0"));
  }

  @Test
  void anOpenUnderAnAttachedDelegationIsCachedAndNoOpenGoesToTheServer() {
    BehaviorTestKit<NfsClient.Command> client = client();
    TestInbox<Application.Command> p1 = TestInbox.create();
    TestInbox<Application.Command> p2 = TestInbox.create();
    opened(client, "p1", ShareAccess.WRITE, 1, org.nfs41sim.protocol.nfs.OpenDelegationType.WRITE, p1);
    server.getAllReceived();

    client.run(new NfsClient.OpenCached("p2", "f1", ShareAccess.READ, false, p2.getRef()));

    assertThat(p2.receiveMessage()).isEqualTo(new Application.OpenedLocally(true, 0));
    assertThat(server.hasMessages()).isFalse();
    assertThat(facts).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(ClientFact.DelegationChanged.class,
        d -> assertThat(d.state()).isEqualTo("ATTACHED")));
  }

  @Test
  void aGrantedLockThatMeetsALockCachedMeanwhileWaitsWithoutTheRwsemAndStartsAgain() {
    BehaviorTestKit<NfsClient.Command> client = client();
    TestInbox<Application.Command> p1 = TestInbox.create();
    TestInbox<Application.Command> p2 = TestInbox.create();
    // p1's open went to the server; p2's came back with a READ delegation, so p2's open is cached.
    opened(client, "p1", ShareAccess.BOTH, 1, null, p1);
    opened(client, "p2", ShareAccess.READ, 3, org.nfs41sim.protocol.nfs.OpenDelegationType.READ, p2);
    p1.getAllReceived();
    p2.getAllReceived();
    client.run(new NfsClient.LockStart("p1", "f1", org.nfs41sim.protocol.nfs.LockType.WRITE_LT, 0, 10, p1.getRef()));
    assertThat(p1.receiveMessage()).isInstanceOf(Application.LockNeedsRpc.class); // no local conflict yet
    client.run(new NfsClient.LockStart("p2", "f1", org.nfs41sim.protocol.nfs.LockType.READ_LT, 5, 10, p2.getRef()));
    assertThat(p2.receiveMessage()).isEqualTo(new Application.LockDone("0")); // cached under the delegation

    client.run(new NfsClient.LockReplied("p1", "f1", org.nfs41sim.protocol.nfs.LockType.WRITE_LT, 0, 10, 0,
        new NfsReply.LockReply(NfsStat4.NFS4_OK, new StateId(1, 1, 5), null), p1.getRef()));

    assertThat(p1.hasMessages()).as("p1 waits for p2's lock").isFalse();
    assertThat(facts).containsSubsequence(
        new ClientFact.Holds("c1", "posix-locks(inode f1)", "p2", "posix lock"),
        new ClientFact.Waits("c1", "posix-locks(inode f1)", "p1", "local lock"),
        new ClientFact.Released("c1", "rwsem(inode f1)", "p1"));

    client.run(new NfsClient.UnlockStart("p2", "f1", 5, 10, p2.getRef()));

    assertThat(p1.receiveMessage()).isEqualTo(new Application.LockDone("RETRY"));
    assertThat(facts).contains(new ClientFact.Released("c1", "posix-locks(inode f1)", "p2"),
        new ClientFact.Released("c1", "posix-locks(inode f1)", "p1"));
  }
}
