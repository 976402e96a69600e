package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BADSESSION;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELAY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.facts.ServerFact.CallbackPath;
import org.nfs41sim.model.server.ServerSettings.RecallFailure;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * CB_RECALL as nfsd 3.6 - 3.10 sends it (nfsd4_cb_recall, nfsd4_cb_recall_done): one back-channel
 * slot per client, a time-out of max(lease / 10, 1 s), one resend 2 s after a failure, the
 * callback path (cl_cb_state) and how SEQUENCE and BIND_CONN_TO_SESSION show and reset it.
 */
class CallbackTest {
  private static final Duration TIME_OUT = Duration.ofSeconds(1);
  private static final Duration RESEND = Duration.ofSeconds(2);

  private final ServerHarness server = new ServerHarness();
  private final ServerHarness.Client holder = server.client("holder");
  private final ServerHarness.Client other = server.client("other");

  /** The holder gets a READ delegation on f1, and the other client's write open recalls it. */
  private StateId recalled() {
    StateId delegation = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    other.open("f1", ShareAccess.WRITE, ShareDeny.NONE);
    return delegation;
  }

  private List<CallbackPath> pathChanges() {
    return server.facts(ServerFact.CallbackPathChanged.class).stream()
        .filter(f -> f.clientId() == holder.clientId).map(ServerFact.CallbackPathChanged::path).toList();
  }

  @Test
  void aRecallIsSentWithItsTimeOutOfATenthOfTheLeaseButAtLeastOneSecond() {
    StateId delegation = recalled();

    assertThat(server.recalls).singleElement().isEqualTo(new CbRecall(delegation, false, "f1"));
    assertThat(server.callbackTimers).containsExactly(new ServerHarness.Timer(delegation.serial(), TIME_OUT));
    assertThat(new ServerHarness.Settings().build().callbackTimeout()).isEqualTo(TIME_OUT);
    ServerHarness.Settings longLease = new ServerHarness.Settings();
    longLease.lease = Duration.ofSeconds(90);
    assertThat(longLease.build().callbackTimeout()).isEqualTo(Duration.ofSeconds(9)); // nfsd max_cb_time
  }

  @Test
  void anOkAnswerEndsTheCallbackAndLeavesThePathAlone() {
    recalled();

    server.answerLastRecall(NFS4_OK);

    assertThat(server.callbackTimers).hasSize(1);
    assertThat(holder.sequence().statusFlags()).isZero();
    assertThat(pathChanges()).isEmpty();
    assertThat(server.facts(ServerFact.RecallAnswered.class)).singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(NFS4_OK));
  }

  @ParameterizedTest(name = "{0}: resent after 2 s with the path untouched, then the path down")
  @CsvSource({"NFS4ERR_BADHANDLE", "NFS4ERR_BAD_STATEID"})
  void theOpenReplyRaceAnswersAreResentOnceBeforeThePathGoesDown(NfsStat4 answer) {
    StateId delegation = recalled();

    server.answerLastRecall(answer);
    int flagsAfterFirst = holder.sequence().statusFlags();
    ServerHarness.Timer pause = server.fireLastCallbackTimer();
    server.answerLastRecall(answer);

    assertThat(flagsAfterFirst).isZero();
    assertThat(pause.after()).isEqualTo(RESEND);
    assertThat(server.recalls).hasSize(2).allSatisfy(r -> assertThat(r.stateId()).isEqualTo(delegation));
    assertThat(holder.sequence().has(SequenceFlags.CB_PATH_DOWN)).isTrue();
    assertThat(pathChanges()).containsExactly(CallbackPath.DOWN);
    assertThat(server.callbackTimers).hasSize(3); // time-out, pause, time-out: no third send
  }

  @ParameterizedTest(name = "{0}: the path goes down at once, one resend after 2 s")
  @CsvSource({"NFS4ERR_DELAY", "NFS4ERR_SERVERFAULT", "time-out"})
  void anyOtherFailureMarksThePathDownAndIsResentOnce(String answer) {
    recalled();
    Runnable fail = answer.equals("time-out") ? server::fireLastCallbackTimer
        : () -> server.answerLastRecall(NfsStat4.valueOf(answer));

    fail.run();
    boolean downAfterFirst = holder.sequence().has(SequenceFlags.CB_PATH_DOWN);
    ServerHarness.Timer pause = server.fireLastCallbackTimer();
    fail.run();

    assertThat(downAfterFirst).isTrue();
    assertThat(pause.after()).isEqualTo(RESEND);
    assertThat(server.recalls).hasSize(2);
    assertThat(server.callbackTimers).hasSize(3);
    assertThat(pathChanges()).containsExactly(CallbackPath.DOWN);
  }

  @Test
  void everyAnswerAndEveryTimeOutIsReported() {
    StateId delegation = recalled();

    server.fireLastCallbackTimer(); // time-out
    server.fireLastCallbackTimer(); // pause over: resent
    server.answerLastRecall(NFS4ERR_DELAY);

    assertThat(server.facts(ServerFact.RecallAnswered.class)).extracting(ServerFact.RecallAnswered::status)
        .containsExactly(null, NFS4ERR_DELAY);
    assertThat(server.facts(ServerFact.RecallAnswered.class))
        .allSatisfy(a -> assertThat(a.stateId()).isEqualTo(delegation));
  }

  @Test
  void noAnswerEverRevokesTheDelegation() {
    StateId delegation = recalled();

    server.answerLastRecall(NfsStat4.NFS4ERR_SERVERFAULT);
    server.fireLastCallbackTimer();
    server.answerLastRecall(NfsStat4.NFS4ERR_SERVERFAULT);

    assertThat(server.facts(ServerFact.DelegationEnded.class)).isEmpty();
    assertThat(other.open("f1", ShareAccess.WRITE, ShareDeny.NONE).status()).isEqualTo(NFS4ERR_DELAY);
    assertThat(holder.delegReturn(delegation).status()).isEqualTo(NFS4_OK);
  }

  @Test
  void anAnswerAfterTheTimeOutIsIgnored() {
    recalled();
    server.fireLastCallbackTimer();

    server.answerLastRecall(NFS4_OK);

    assertThat(server.facts(ServerFact.RecallAnswered.class)).hasSize(1);
    assertThat(server.callbackTimers).hasSize(2); // the pause before the resend still runs
  }

  @Test
  void callbacksToOneClientGoOneAtATime() {
    StateId d1 = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    StateId d2 = holder.open("f2", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    other.setattr("f1");
    other.setattr("f2");

    List<CbRecall> beforeAnswer = List.copyOf(server.recalls);
    server.answerLastRecall(NFS4_OK);

    assertThat(beforeAnswer).extracting(CbRecall::stateId).containsExactly(d1);
    assertThat(server.recalls).extracting(CbRecall::stateId).containsExactly(d1, d2);
  }

  @Test
  void aCallbackWaitingToBeResentLetsTheNextOneTakeTheSlot() {
    StateId d1 = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    StateId d2 = holder.open("f2", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    other.setattr("f1");
    other.setattr("f2");

    server.answerLastRecall(NfsStat4.NFS4ERR_BADHANDLE); // d1 pauses; d2 goes out
    server.state.callbackTimerFired(d1.serial());       // d1's pause ends while d2 is out: it waits
    List<CbRecall> whileD2Out = List.copyOf(server.recalls);
    server.answerLastRecall(NFS4_OK);

    assertThat(whileD2Out).extracting(CbRecall::stateId).containsExactly(d1, d2);
    assertThat(server.recalls).extracting(CbRecall::stateId).containsExactly(d1, d2, d1);
  }

  @Test
  void aRecallToAClientWithoutABackChannelIsDroppedAndLeftToTheRevocationTimer() {
    ServerHarness s = new ServerHarness();
    ServerHarness.Client c1 = s.client("c1");
    s.state.reboot();
    StateId delegation = c1.connect(false).reclaimOpen("f1", ShareAccess.READ,
        org.nfs41sim.protocol.nfs.OpenDelegationType.READ).delegation().stateId();
    ServerHarness.Client c2 = s.new Client("c2").connect();

    c1.reclaimComplete();
    c2.reclaimComplete();
    s.state.graceTimedOut();
    NfsStat4 status = c2.setattr("f1").status();

    assertThat(status).isEqualTo(NFS4ERR_DELAY);
    assertThat(s.recalls).isEmpty();
    assertThat(s.revocationsArmed).containsExactly(delegation.serial());
  }

  @Test
  void aLostConnectionTakesTheBackChannelAndBindConnToSessionSendsTheKilledRecallAgain() {
    StateId delegation = recalled();

    server.state.connectionLost(holder.owner); // nfsd4_conn_lost: the recall on the wire is killed
    int whileLost = holder.sequence().statusFlags();
    int sentWhileLost = server.recalls.size();
    holder.bindConnToSession();

    assertThat(whileLost).isEqualTo(SequenceFlags.CB_PATH_DOWN);
    assertThat(sentWhileLost).isEqualTo(1);
    assertThat(server.recalls).hasSize(2).allSatisfy(r -> assertThat(r.stateId()).isEqualTo(delegation));
    assertThat(server.callbackTimersDisarmed).contains(delegation.serial());
    assertThat(pathChanges()).startsWith(CallbackPath.DOWN);
  }

  @Test
  void sequenceShowsCbPathDownWhileThePathIsDownAndBindConnToSessionClearsIt() {
    recalled();
    server.answerLastRecall(NFS4ERR_DELAY);

    int whileDown = holder.sequence().statusFlags();
    NfsStat4 bind = holder.bindConnToSession().status();
    int afterBind = holder.sequence().statusFlags();

    assertThat(whileDown).isEqualTo(SequenceFlags.CB_PATH_DOWN);
    assertThat(bind).isEqualTo(NFS4_OK);
    assertThat(afterBind).isZero();
    assertThat(pathChanges()).containsExactly(CallbackPath.DOWN, CallbackPath.UNKNOWN);
  }

  @Test
  void bindConnToSessionNeedsTheClientsCurrentSession() {
    long oldSession = holder.sessionId;
    holder.connect();

    NfsStat4 status = holder.send(new NfsRequest.BindConnToSession(holder.clientId, oldSession)).status();

    assertThat(status).isEqualTo(NFS4ERR_BADSESSION);
  }

  @Test
  void bindConnToSessionRenewsTheLease() {
    for (int tick = 0; tick < 20; tick++) {
      holder.bindConnToSession();
      server.state.laundromat();
    }

    assertThat(holder.sequence().status()).isEqualTo(NFS4_OK);
    assertThat(other.sequence().status()).isEqualTo(NFS4ERR_BADSESSION);
  }

  @Test
  void aSessionWithoutABackChannelHasItsPathDownAndANewSessionWithOneRaisesIt() {
    ServerHarness.Client c = server.clientWithoutBackChannel("c");

    int without = c.sequence().statusFlags();
    c.connect();
    int with = c.sequence().statusFlags();

    assertThat(without).isEqualTo(SequenceFlags.CB_PATH_DOWN);
    assertThat(with).isZero();
    assertThat(server.facts(ServerFact.CallbackPathChanged.class)).extracting(ServerFact.CallbackPathChanged::path)
        .containsExactly(CallbackPath.DOWN, CallbackPath.UNKNOWN);
  }

  @Test
  void withRecallFailureRevokeAnErrorAnswerRevokesAtOnce() {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().recallFailure(RecallFailure.REVOKE));
    ServerHarness.Client h = s.client("holder");
    ServerHarness.Client o = s.client("other");
    StateId delegation = h.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    o.open("f1", ShareAccess.WRITE, ShareDeny.NONE);

    s.answerLastRecall(NfsStat4.NFS4ERR_BADHANDLE);

    assertThat(s.facts(ServerFact.DelegationEnded.class)).singleElement()
        .satisfies(e -> assertThat(e.why()).isEqualTo(ServerFact.Release.REVOKED));
    assertThat(o.open("f1", ShareAccess.WRITE, ShareDeny.NONE).status()).isEqualTo(NFS4_OK);
    assertThat(h.delegReturn(delegation).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
  }

  @Test
  void withRecallFailureRevokeADelayAnswerIsResentAfter100msWhileTheDelegationIsOutstanding() {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().recallFailure(RecallFailure.REVOKE));
    ServerHarness.Client h = s.client("holder");
    ServerHarness.Client o = s.client("other");
    StateId delegation = h.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    o.open("f1", ShareAccess.WRITE, ShareDeny.NONE);

    s.answerLastRecall(NFS4ERR_DELAY);
    ServerHarness.Timer pause = s.fireLastCallbackTimer();
    s.answerLastRecall(NFS4ERR_DELAY);
    h.delegReturn(delegation);
    s.fireLastCallbackTimer();

    assertThat(pause.after()).isEqualTo(Duration.ofMillis(100));
    assertThat(s.recalls).hasSize(2); // the third is not sent: returned meanwhile
    assertThat(h.sequence().statusFlags()).isZero();
    assertThat(s.facts(ServerFact.DelegationEnded.class)).singleElement()
        .satisfies(e -> assertThat(e.why()).isEqualTo(ServerFact.Release.RETURNED));
  }
}
