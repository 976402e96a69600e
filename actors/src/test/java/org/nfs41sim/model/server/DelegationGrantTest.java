package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nfs41sim.protocol.nfs.OpenDelegationType.NONE;
import static org.nfs41sim.protocol.nfs.OpenDelegationType.READ;
import static org.nfs41sim.protocol.nfs.OpenDelegationType.WRITE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * Which opens get a delegation: nfsd 3.6 - 3.10 nfs4_open_delegation, alloc_init_deleg,
 * nfs4_set_delegation and generic_add_lease, with write-delegations and delegation-policy.
 */
class DelegationGrantTest {
  private final ServerHarness server = new ServerHarness();

  @Test
  void aReadOpenGetsAReadDelegation() {
    NfsReply.OpenReply read = server.client("c1").open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(read.delegation().type()).isEqualTo(READ);
    assertThat(read.delegation().recall()).isFalse();
  }

  @ParameterizedTest(name = "{0} open, write-delegations = {1} -> {2}")
  @CsvSource({
      "WRITE, false, NONE",  // nfsd 3.6 alloc_init_deleg: READ only
      "BOTH,  false, NONE",
      "WRITE, true,  WRITE", // §10.4
      "BOTH,  true,  WRITE",
  })
  void aWriteOpenGetsAWriteDelegationOnlyWithThePolicy(ShareAccess access, boolean writeDelegations,
      OpenDelegationType expected) {
    ServerHarness.Settings settings = ServerHarness.settings();
    ServerHarness s = ServerHarness.with(writeDelegations ? settings.writeDelegations() : settings);

    NfsReply.OpenReply open = s.client("c1").open("f1", access, ShareDeny.NONE);

    assertThat(open.delegation().type()).isEqualTo(expected);
  }

  @Test
  void anOpenByHandleGetsNoDelegation() {
    NfsReply.OpenReply open = server.client("c1").openByHandle("f1", ShareAccess.READ);

    assertThat(open.status()).isEqualTo(NfsStat4.NFS4_OK);
    assertThat(open.delegation().type()).isEqualTo(NONE); // nfs4_open_delegation: CLAIM_NULL only
  }

  @Test
  void anOpenUnderADelegationGetsNoFurtherDelegation() {
    ServerHarness.Client c1 = server.client("c1");
    StateId delegation = c1.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();

    NfsReply.OpenReply open = c1.openUnderDelegation("cached", "f1", ShareAccess.READ, delegation);

    assertThat(open.status()).isEqualTo(NfsStat4.NFS4_OK);
    assertThat(open.delegation().type()).isEqualTo(NONE);
  }

  @ParameterizedTest(name = "a writer that is {0} prevents a READ delegation")
  @CsvSource({"the same open owner", "another open owner of the requester", "another client"})
  void anyWriterOfTheFileTheRequesterIncludedPreventsAReadDelegation(String writer) {
    ServerHarness.Client c1 = server.client("c1");
    switch (writer) {
      case "the same open owner" -> c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE);
      case "another open owner of the requester" -> c1.open("writer", "f1", ShareAccess.WRITE, ShareDeny.NONE);
      default -> server.client("c2").open("f1", ShareAccess.WRITE, ShareDeny.NONE);
    }

    NfsReply.OpenReply read = c1.open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(read.status()).isEqualTo(NfsStat4.NFS4_OK);
    assertThat(read.delegation().type()).isEqualTo(NONE); // generic_add_lease: i_writecount > 0
  }

  @Test
  void readDelegationsOfSeveralClientsCoexist() {
    NfsReply.OpenReply first = server.client("c1").open("f1", ShareAccess.READ, ShareDeny.NONE);

    NfsReply.OpenReply second = server.client("c2").open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(first.delegation().type()).isEqualTo(READ);
    assertThat(second.delegation().type()).isEqualTo(READ);
    assertThat(server.recalls).isEmpty();
  }

  @Test
  void aClientThatHoldsADelegationOnTheFileGetsNoSecondOne() {
    ServerHarness.Client c1 = server.client("c1");
    c1.open("f1", ShareAccess.READ, ShareDeny.NONE);

    NfsReply.OpenReply second = c1.open("other-owner", "f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(second.delegation().type()).isEqualTo(NONE); // a kept difference: nfsd would grant a second
  }

  @Test
  void afterARecallTheFileGetsNoDelegationUntilAllItsStateIsGone() {
    ServerHarness.Client c1 = server.client("c1");
    ServerHarness.Client c2 = server.client("c2");
    NfsReply.OpenReply held = c1.open("f1", ShareAccess.READ, ShareDeny.NONE);
    c2.setattr("f1"); // recalls: had-conflict
    c1.delegReturn(held.delegation().stateId());

    NfsReply.OpenReply whileOpen = c2.open("f1", ShareAccess.READ, ShareDeny.NONE);
    c2.close(whileOpen.stateId());
    c1.close(held.stateId());
    NfsReply.OpenReply afterAllClosed = c2.open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(whileOpen.delegation().type()).isEqualTo(NONE); // nfsd fi_had_conflict
    assertThat(afterAllClosed.delegation().type()).isEqualTo(READ); // a new nfs4_file
  }

  @Test
  void aClientWithoutABackChannelGetsNoDelegation() {
    NfsReply.OpenReply open = server.clientWithoutBackChannel("c1").open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(open.delegation().type()).isEqualTo(NONE);
  }

  @Test
  void noDelegationWhileTheCallbackPathIsDownAndAgainOnceBindConnToSessionResetsIt() {
    ServerHarness.Client c1 = server.client("c1");
    ServerHarness.Client c2 = server.client("c2");
    c1.open("f1", ShareAccess.READ, ShareDeny.NONE);
    c2.open("f1", ShareAccess.WRITE, ShareDeny.NONE);
    server.answerLastRecall(NfsStat4.NFS4ERR_DELAY); // marks c1's path down

    OpenDelegationType whileDown = c1.open("f2", ShareAccess.READ, ShareDeny.NONE).delegation().type();
    c1.bindConnToSession();
    OpenDelegationType afterBind = c1.open("other-owner", "f2", ShareAccess.READ, ShareDeny.NONE).delegation().type();

    assertThat(whileDown).isEqualTo(NONE); // nfsd4_cb_channel_good
    assertThat(afterBind).isEqualTo(READ);
  }

  @ParameterizedTest(name = "policy {0}, another client reading -> {1}")
  @CsvSource({"ALWAYS, READ", "UNCONTENDED, NONE", "NEVER, NONE"})
  void theDelegationPolicyAppliesOnTopOfTheRules(DelegationPolicy policy, OpenDelegationType expected) {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().policy(policy));
    s.client("c2").open("f1", ShareAccess.READ, ShareDeny.NONE);

    NfsReply.OpenReply open = s.client("c1").open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(open.delegation().type()).isEqualTo(expected);
  }

  @Test
  void aReclaimedReadDelegationIsGrantedWithoutRecallWhileThePathIsGood() {
    ServerHarness.Client c1 = server.client("c1");
    server.state.reboot();

    NfsReply.OpenReply reclaim = c1.connect().reclaimOpen("f1", ShareAccess.READ, READ);

    assertThat(reclaim.delegation().type()).isEqualTo(READ);
    assertThat(reclaim.delegation().recall()).isFalse();
    assertThat(server.revocationsArmed).isEmpty();
  }

  @Test
  void aReclaimedReadDelegationIsRefusedWhenAnotherClientReclaimedAWriteOpen() {
    ServerHarness.Client c1 = server.client("c1");
    ServerHarness.Client c2 = server.client("c2");
    server.state.reboot();
    c2.connect().reclaimOpen("f1", ShareAccess.WRITE, NONE);

    NfsReply.OpenReply reclaim = c1.connect().reclaimOpen("f1", ShareAccess.READ, READ);

    assertThat(reclaim.status()).isEqualTo(NfsStat4.NFS4_OK);
    assertThat(reclaim.delegation().type()).isEqualTo(NONE); // nfs4_setlease fails: "refusing delegation reclaim"
  }

  @Test
  void aReclaimedReadDelegationCarriesTheRecallFlagWhenThePathIsDownButNoRecallStarts() {
    ServerHarness.Client c1 = server.client("c1");
    server.state.reboot();
    c1.connect(false);

    NfsReply.OpenReply reclaim = c1.reclaimOpen("f1", ShareAccess.READ, READ);

    assertThat(reclaim.delegation().type()).isEqualTo(READ);
    assertThat(reclaim.delegation().recall()).isTrue();
    assertThat(server.revocationsArmed).isEmpty();
    assertThat(server.facts(ServerFact.DelegationRecalled.class)).isEmpty();
  }

  @Test
  void aReclaimedWriteDelegationIsRefusedUnlessWriteDelegations() {
    ServerHarness.Client c1 = server.client("c1");
    server.state.reboot();

    NfsReply.OpenReply reclaim = c1.connect().reclaimOpen("f1", ShareAccess.WRITE, WRITE);

    assertThat(reclaim.status()).isEqualTo(NfsStat4.NFS4_OK);
    assertThat(reclaim.delegation().type()).isEqualTo(NONE);
  }

  @Test
  void withWriteDelegationsAReclaimedWriteDelegationIsGrantedAndPreRecalledWhenOthersHaveItOpen() {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().writeDelegations());
    ServerHarness.Client c1 = s.client("c1");
    ServerHarness.Client c2 = s.client("c2");
    s.state.reboot();
    c2.connect().reclaimOpen("f1", ShareAccess.READ, NONE);

    NfsReply.OpenReply reclaim = c1.connect().reclaimOpen("f1", ShareAccess.WRITE, WRITE);

    assertThat(reclaim.delegation().type()).isEqualTo(WRITE);
    assertThat(reclaim.delegation().recall()).isTrue();
    assertThat(s.revocationsArmed).containsExactly(reclaim.delegation().stateId().serial());
  }
}
