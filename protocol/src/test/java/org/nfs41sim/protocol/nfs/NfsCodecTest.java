package org.nfs41sim.protocol.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nfs41sim.protocol.nfs.NfsReply.CreateSessionReply;
import org.nfs41sim.protocol.nfs.NfsReply.Delegation;
import org.nfs41sim.protocol.nfs.NfsReply.ExchangeIdReply;
import org.nfs41sim.protocol.nfs.NfsReply.LockDenied;
import org.nfs41sim.protocol.nfs.NfsReply.LockReply;
import org.nfs41sim.protocol.nfs.NfsReply.LocktReply;
import org.nfs41sim.protocol.nfs.NfsReply.OpenReply;
import org.nfs41sim.protocol.nfs.NfsReply.SequenceReply;
import org.nfs41sim.protocol.nfs.NfsReply.StateIdReply;
import org.nfs41sim.protocol.nfs.NfsReply.StatusReply;
import org.nfs41sim.protocol.nfs.NfsRequest.Close;
import org.nfs41sim.protocol.nfs.NfsRequest.CreateSession;
import org.nfs41sim.protocol.nfs.NfsRequest.DelegReturn;
import org.nfs41sim.protocol.nfs.NfsRequest.BindConnToSession;
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
import org.nfs41sim.protocol.nfs.wire.CbRecallMsg;
import org.nfs41sim.protocol.nfs.wire.LockMsg;
import org.nfs41sim.protocol.nfs.wire.LockType4;
import org.nfs41sim.protocol.nfs.wire.NfsCallbackMsg;
import org.nfs41sim.protocol.nfs.wire.NfsCallbackReplyMsg;
import org.nfs41sim.protocol.nfs.wire.NfsReplyMsg;
import org.nfs41sim.protocol.nfs.wire.NfsRequestMsg;
import org.nfs41sim.protocol.nfs.wire.OpenClaimType4;
import org.nfs41sim.protocol.nfs.wire.OpenDelegationType4;
import org.nfs41sim.protocol.nfs.wire.OpenMsg;
import org.nfs41sim.protocol.nfs.wire.StateIdMsg;

class NfsCodecTest {
  private static final StateId OPEN_SID = new StateId(1, 3, 17);
  private static final StateId LOCK_SID = new StateId(2, 3, 18);
  private static final StateId DELEG_SID = new StateId(1, 3, 19);
  private static final StateId ODD_SID = new StateId(Integer.MIN_VALUE, -1, Long.MIN_VALUE);
  private static final StateId ALL_ONES_SID = new StateId(-1, -1, -1L);
  private static final LockDenied DENIED =
      new LockDenied(8, "lock-owner-b", LockType.WRITE_LT, 100, 50);

  // ---- cases ----------------------------------------------------------------------------------

  static List<NfsRequest> requests() {
    return List.of(
        new ExchangeId(0, 0, "linux-client-a"),
        new ExchangeId(0, 0, ""),
        new CreateSession(7, 0),
        new DestroySession(7, 9),
        new BindConnToSession(7, 9),
        new Sequence(7, 9),
        new Open(7, 9, "open-owner-1", "f1", OpenClaimType.CLAIM_NULL, ShareAccess.READ,
            ShareDeny.NONE, true, null, null),
        new Open(7, 9, "open-owner-1", "f1", OpenClaimType.CLAIM_FH, ShareAccess.WRITE,
            ShareDeny.BOTH, false, OpenDelegationType.NONE, null),
        new Open(7, 9, "open-owner-1", "f1", OpenClaimType.CLAIM_PREVIOUS, ShareAccess.BOTH,
            ShareDeny.READ, false, OpenDelegationType.READ, null),
        new Open(7, 9, "open-owner-1", "f1", OpenClaimType.CLAIM_PREVIOUS, ShareAccess.BOTH,
            ShareDeny.WRITE, false, OpenDelegationType.WRITE, null),
        new Open(7, 9, "open-owner-1", "f1", OpenClaimType.CLAIM_PREVIOUS, ShareAccess.READ,
            ShareDeny.NONE, false, OpenDelegationType.NONE, null),
        new Open(7, 9, "open-owner-1", "f1", OpenClaimType.CLAIM_DELEG_CUR_FH, ShareAccess.READ,
            ShareDeny.NONE, false, null, DELEG_SID),
        new Close(7, 9, OPEN_SID),
        new Lock(7, 9, LockType.READ_LT, false, 0, 10, new NewLockOwner(OPEN_SID, "lock-owner-a")),
        new Lock(7, 9, LockType.WRITEW_LT, true, 10, 20, new ExistingLockOwner(LOCK_SID)),
        new Lockt(7, 9, "f1", LockType.READW_LT, 5, 5, "lock-owner-a"),
        new Locku(7, 9, LockType.WRITE_LT, LOCK_SID, 10, 20),
        new DelegReturn(7, 9, DELEG_SID),
        new ReclaimComplete(7, 9),
        new Setattr(7, 9, "f1", StateId.ANONYMOUS),
        new Setattr(7, 9, "f1", null),
        new Remove(7, 9, "f-\u00fcnic\u00f8de-\uD83D\uDCC1"));
  }

  static List<NfsReply> replies() {
    return List.of(
        new ExchangeIdReply(NfsStat4.NFS4_OK, 42),
        new ExchangeIdReply(NfsStat4.NFS4ERR_SERVERFAULT, 0),
        new CreateSessionReply(NfsStat4.NFS4_OK, 9),
        new CreateSessionReply(NfsStat4.NFS4ERR_STALE_CLIENTID, 0),
        new SequenceReply(NfsStat4.NFS4_OK, 0),
        new SequenceReply(NfsStat4.NFS4_OK, SequenceFlags.RESTART_RECLAIM_NEEDED),
        new SequenceReply(NfsStat4.NFS4_OK, SequenceFlags.CB_PATH_DOWN | SequenceFlags.RECALLABLE_STATE_REVOKED),
        new SequenceReply(NfsStat4.NFS4ERR_BADSESSION, 0),
        new OpenReply(NfsStat4.NFS4_OK, OPEN_SID, Delegation.NONE),
        new OpenReply(NfsStat4.NFS4_OK, OPEN_SID, null),
        new OpenReply(NfsStat4.NFS4_OK, OPEN_SID, new Delegation(OpenDelegationType.READ, DELEG_SID, false)),
        new OpenReply(NfsStat4.NFS4_OK, OPEN_SID, new Delegation(OpenDelegationType.WRITE, DELEG_SID, true)),
        new OpenReply(NfsStat4.NFS4ERR_GRACE, null, null),
        new OpenReply(NfsStat4.NFS4ERR_SHARE_DENIED, null, Delegation.NONE),
        new LockReply(NfsStat4.NFS4_OK, LOCK_SID, null),
        new LockReply(NfsStat4.NFS4ERR_DENIED, null, DENIED),
        new LockReply(NfsStat4.NFS4ERR_GRACE, null, null),
        new LocktReply(NfsStat4.NFS4_OK, null),
        new LocktReply(NfsStat4.NFS4ERR_DENIED, DENIED),
        new StateIdReply(NfsStat4.NFS4_OK, OPEN_SID.next()),
        new StateIdReply(NfsStat4.NFS4ERR_OLD_STATEID, null),
        new StatusReply(NfsStat4.NFS4_OK),
        new StatusReply(NfsStat4.NFS4ERR_COMPLETE_ALREADY));
  }

  static List<CbRecall> callbacks() {
    return List.of(new CbRecall(DELEG_SID, false, "f1"), new CbRecall(ODD_SID, true, ""));
  }

  static List<CbRecallReply> callbackReplies() {
    return List.of(
        new CbRecallReply(NfsStat4.NFS4_OK, DELEG_SID),
        new CbRecallReply(NfsStat4.NFS4ERR_DELAY, DELEG_SID),
        new CbRecallReply(NfsStat4.NFS4ERR_BAD_STATEID, ALL_ONES_SID));
  }

  static List<Object> extremes() {
    long max = Long.MAX_VALUE;
    long min = Long.MIN_VALUE;
    return List.of(
        new ExchangeId(-1, -1, "x"),
        new CreateSession(min, max),
        new Open(-7, min, "o", "f", OpenClaimType.CLAIM_DELEG_CUR_FH, ShareAccess.BOTH,
            ShareDeny.BOTH, true, OpenDelegationType.WRITE, ODD_SID),
        new Close(-1, -1, ALL_ONES_SID),
        new Lock(-2, -3, LockType.WRITE_LT, true, max, -1, new NewLockOwner(ODD_SID, "o")),
        new Lock(min, max, LockType.READ_LT, false, min, -1, new ExistingLockOwner(ALL_ONES_SID)),
        new Lockt(-1, -1, "f", LockType.WRITEW_LT, max, max, "o"),
        new Locku(-1, -1, LockType.READW_LT, ODD_SID, max, -1),
        new DelegReturn(min, min, ODD_SID),
        new Setattr(-1, -1, "f", ALL_ONES_SID),
        new ExchangeIdReply(NfsStat4.NFS4_OK, -1),
        new CreateSessionReply(NfsStat4.NFS4_OK, min),
        new OpenReply(NfsStat4.NFS4_OK, ODD_SID, new Delegation(OpenDelegationType.READ, ALL_ONES_SID, true)),
        new LockReply(NfsStat4.NFS4ERR_DENIED, ALL_ONES_SID, new LockDenied(min, "o", LockType.READW_LT, max, -1)),
        new LocktReply(NfsStat4.NFS4ERR_DENIED, new LockDenied(-1, "", LockType.WRITEW_LT, max, max)),
        new StateIdReply(NfsStat4.NFS4_OK, ODD_SID),
        new CbRecall(ALL_ONES_SID, true, "f"),
        new CbRecallReply(NfsStat4.NFS4ERR_DELEG_REVOKED, ODD_SID));
  }

  /** Every record of every kind, with the codec functions of its kind. */
  static Stream<Arguments> everything() {
    Stream<Object> all = Stream.of(requests(), replies(), callbacks(), callbackReplies(), extremes())
        .flatMap(List::stream);
    return all.map(x -> Arguments.of(Named.of(x.toString(), x)));
  }

  // ---- round trips ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void everyRequestSurvivesARoundTrip(NfsRequest request) {
    assertThat(NfsCodec.decodeRequest(NfsCodec.encode(request))).isEqualTo(request);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  void everyReplySurvivesARoundTrip(NfsReply reply) {
    assertThat(NfsCodec.decodeReply(NfsCodec.encode(reply))).isEqualTo(reply);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(NfsStat4.class)
  void everyStatusSurvivesARoundTripAsItsRfcValue(NfsStat4 status) throws Exception {
    byte[] bytes = NfsCodec.encode(new StatusReply(status));
    assertThat(NfsCodec.decodeReply(bytes)).isEqualTo(new StatusReply(status));
    assertThat(NfsReplyMsg.parseFrom(bytes).getStatus()).isEqualTo(status.code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callbacks")
  void everyCallbackSurvivesARoundTrip(CbRecall recall) {
    assertThat(NfsCodec.decodeCallback(NfsCodec.encode(recall))).isEqualTo(recall);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callbackReplies")
  void everyCallbackReplySurvivesARoundTrip(CbRecallReply reply) {
    assertThat(NfsCodec.decodeCallbackReply(NfsCodec.encode(reply))).isEqualTo(reply);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extremes")
  void extremeValuesSurviveARoundTrip(Object record) {
    assertThat(roundTrip(record)).isEqualTo(record);
  }

  @Test
  void theRoundTripCasesCoverEveryRecordKind() {
    assertThat(kinds(requests())).containsAll(permitted(NfsRequest.class));
    assertThat(kinds(requests().stream().filter(Lock.class::isInstance)
        .map(r -> ((Lock) r).locker()).toList()))
        .containsAll(permitted(NfsRequest.Locker.class));
    assertThat(kinds(replies())).containsAll(permitted(NfsReply.class));
  }

  @Test
  void delegationNoneAndAnAbsentDelegationStayDistinct() {
    OpenReply none = (OpenReply) NfsCodec.decodeReply(
        NfsCodec.encode(new OpenReply(NfsStat4.NFS4_OK, OPEN_SID, Delegation.NONE)));
    OpenReply absent = (OpenReply) NfsCodec.decodeReply(
        NfsCodec.encode(new OpenReply(NfsStat4.NFS4_OK, OPEN_SID, null)));
    assertThat(none.delegation()).isEqualTo(Delegation.NONE);
    assertThat(absent.delegation()).isNull();
  }

  // ---- bytes that are no message: NFS4ERR_BADXDR ----------------------------------------------

  static Stream<Arguments> garbage() {
    return Stream.of(
        Arguments.of(Named.of("a zero tag", new byte[] {0})),
        Arguments.of(Named.of("wire type 7", new byte[] {0x0f})),
        Arguments.of(Named.of("a varint that never ends", new byte[] {8, (byte) 0xff, (byte) 0xff})),
        Arguments.of(Named.of("a length past the end", new byte[] {(byte) 0x92, 1, 0x7f, 1, 2})),
        Arguments.of(Named.of("a lone end-group", new byte[] {0x0c})),
        Arguments.of(Named.of("text", "hello, server".getBytes(StandardCharsets.US_ASCII))),
        Arguments.of(Named.of("all ones", filled(64, (byte) 0xff))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void garbageIsBadXdrForEveryKind(byte[] bytes) {
    assertStatus(() -> NfsCodec.decodeRequest(bytes), NfsStat4.NFS4ERR_BADXDR);
    assertStatus(() -> NfsCodec.decodeReply(bytes), NfsStat4.NFS4ERR_BADXDR);
    assertStatus(() -> NfsCodec.decodeCallback(bytes), NfsStat4.NFS4ERR_BADXDR);
    assertStatus(() -> NfsCodec.decodeCallbackReply(bytes), NfsStat4.NFS4ERR_BADXDR);
  }

  @Test
  void aNameThatIsNotUtf8IsBadXdr() {
    assertStatus(() -> NfsCodec.decodeRequest(invalidUtf8Open()), NfsStat4.NFS4ERR_BADXDR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everything")
  void anEncodingWithoutItsLastByteIsBadXdr(Object record) {
    byte[] bytes = encodeAny(record);
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
    assertStatus(() -> decoderFor(record).apply(truncated), NfsStat4.NFS4ERR_BADXDR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everything")
  void everyShorterPrefixOfAnEncodingIsRefused(Object record) {
    byte[] bytes = encodeAny(record);
    for (int n = 0; n < bytes.length; n++) {
      byte[] prefix = Arrays.copyOf(bytes, n);
      assertThatThrownBy(() -> decoderFor(record).apply(prefix))
          .as("prefix of %d bytes", n)
          .isInstanceOfSatisfying(NfsDecodeException.class, e ->
              assertThat(e.status()).isIn(NfsStat4.NFS4ERR_BADXDR, NfsStat4.NFS4ERR_INVAL));
    }
  }

  @Test
  void nullBytesAreBadXdr() {
    assertStatus(() -> NfsCodec.decodeRequest(null), NfsStat4.NFS4ERR_BADXDR);
    assertStatus(() -> NfsCodec.decodeReply(null), NfsStat4.NFS4ERR_BADXDR);
    assertStatus(() -> NfsCodec.decodeCallback(null), NfsStat4.NFS4ERR_BADXDR);
    assertStatus(() -> NfsCodec.decodeCallbackReply(null), NfsStat4.NFS4ERR_BADXDR);
  }

  @Test
  void decodingThrowsNothingButNfsDecodeExceptionWhateverTheBytes() {
    Random random = new Random(8881);
    for (Object record : everything().map(a -> ((Named<?>) a.get()[0]).getPayload()).toList()) {
      byte[] original = encodeAny(record);
      for (int trial = 0; trial < 200; trial++) {
        byte[] bytes = original.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        Object decoded;
        try {
          decoded = decoderFor(record).apply(bytes);
        } catch (NfsDecodeException e) {
          assertThat(e.status()).isIn(NfsStat4.NFS4ERR_BADXDR, NfsStat4.NFS4ERR_INVAL);
          assertThat(e.getMessage()).doesNotContain("\n");
          continue;
        }
        // Whatever decodes is a record the codec accepts, and it comes back the same.
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
      }
    }
  }

  // ---- well-formed but wrong: NFS4ERR_INVAL ---------------------------------------------------

  @Test
  void aRequestWithoutAnOpIsInval() {
    byte[] bytes = NfsRequestMsg.newBuilder().setClientId(7).setSessionId(9).build().toByteArray();
    assertInval(() -> NfsCodec.decodeRequest(bytes), "request op");
    assertInval(() -> NfsCodec.decodeRequest(new byte[0]), "request op");
  }

  @Test
  void anOpenWithShareAccessZeroIsInval() throws Exception {
    byte[] bytes = editOpen(o -> o.setShareAccess(0));
    assertInval(() -> NfsCodec.decodeRequest(bytes), "open.share_access");
  }

  @Test
  void anOpenWithShareBitsOutOfRangeIsInval() throws Exception {
    byte[] wantBits = editOpen(o -> o.setShareAccess(0x0101));
    assertInval(() -> NfsCodec.decodeRequest(wantBits), "open.share_access");
    byte[] deny = editOpen(o -> o.setShareDeny(4));
    assertInval(() -> NfsCodec.decodeRequest(deny), "open.share_deny");
  }

  @Test
  void anOpenWithoutItsFileOrOwnerIsInval() throws Exception {
    byte[] noFile = editOpen(OpenMsg.Builder::clearFile);
    assertInval(() -> NfsCodec.decodeRequest(noFile), "open.file");
    byte[] noOwner = editOpen(OpenMsg.Builder::clearOwner);
    assertInval(() -> NfsCodec.decodeRequest(noOwner), "open.owner");
  }

  @Test
  void unspecifiedOrUnknownEnumsAreInval() throws Exception {
    byte[] noClaim = editOpen(o -> o.setClaim(OpenClaimType4.OPEN_CLAIM_TYPE4_UNSPECIFIED));
    assertInval(() -> NfsCodec.decodeRequest(noClaim), "open.claim");
    byte[] unknownClaim = editOpen(o -> o.setClaimValue(2));
    assertInval(() -> NfsCodec.decodeRequest(unknownClaim), "open.claim");
    byte[] noReclaimType = editOpen(o -> o.setReclaimType(OpenDelegationType4.OPEN_DELEGATION_TYPE4_UNSPECIFIED));
    assertInval(() -> NfsCodec.decodeRequest(noReclaimType), "open.reclaim_type");

    byte[] noLockType = editLock(l -> l.setType(LockType4.LOCK_TYPE4_UNSPECIFIED));
    assertInval(() -> NfsCodec.decodeRequest(noLockType), "lock.type");
    byte[] negativeLockType = editLock(l -> l.setTypeValue(-3));
    assertInval(() -> NfsCodec.decodeRequest(negativeLockType), "lock.type");

    NfsReplyMsg.Builder lockt = NfsReplyMsg.parseFrom(
        NfsCodec.encode(new LocktReply(NfsStat4.NFS4ERR_DENIED, DENIED))).toBuilder();
    lockt.getLocktBuilder().getDeniedBuilder().setTypeValue(99);
    byte[] deniedWithUnknownType = lockt.build().toByteArray();
    assertInval(() -> NfsCodec.decodeReply(deniedWithUnknownType), "lockt.denied.type 99");

    NfsReplyMsg.Builder open = NfsReplyMsg.parseFrom(NfsCodec.encode(new OpenReply(NfsStat4.NFS4_OK,
        OPEN_SID, new Delegation(OpenDelegationType.READ, DELEG_SID, false)))).toBuilder();
    open.getOpenBuilder().getDelegationBuilder().setType(OpenDelegationType4.OPEN_DELEGATION_TYPE4_UNSPECIFIED);
    byte[] delegationWithoutType = open.build().toByteArray();
    assertInval(() -> NfsCodec.decodeReply(delegationWithoutType), "open.delegation.type");
  }

  @Test
  void aLockWithoutALockerOrItsStateIdIsInval() throws Exception {
    byte[] noLocker = editLock(LockMsg.Builder::clearLocker);
    assertInval(() -> NfsCodec.decodeRequest(noLocker), "lock.locker");
    byte[] noStateId = editLock(l -> l.getNewLockOwnerBuilder().clearOpenStateId());
    assertInval(() -> NfsCodec.decodeRequest(noStateId), "lock.new_lock_owner.open_state_id");
    byte[] noOwner = editLock(l -> l.getNewLockOwnerBuilder().clearLockOwner());
    assertInval(() -> NfsCodec.decodeRequest(noOwner), "lock.new_lock_owner.lock_owner");
  }

  @Test
  void aCloseWithoutItsStateIdIsInval() throws Exception {
    byte[] bytes = NfsRequestMsg.parseFrom(NfsCodec.encode(new Close(7, 9, OPEN_SID))).toBuilder()
        .setClose(NfsRequestMsg.getDefaultInstance().getClose())
        .build().toByteArray();
    assertInval(() -> NfsCodec.decodeRequest(bytes), "close.open_state_id");
  }

  @Test
  void aReplyWithAnUnknownStatusIsInval() throws Exception {
    for (int code : new int[] {1, 10002, 99999, -1}) {
      byte[] bytes = NfsReplyMsg.parseFrom(NfsCodec.encode(new StatusReply(NfsStat4.NFS4_OK))).toBuilder()
          .setStatus(code).build().toByteArray();
      assertInval(() -> NfsCodec.decodeReply(bytes), "reply status " + Integer.toUnsignedString(code));
    }
    byte[] callback = NfsCallbackReplyMsg.parseFrom(NfsCodec.encode(new CbRecallReply(NfsStat4.NFS4_OK, DELEG_SID)))
        .toBuilder().setStatus(10002).build().toByteArray();
    assertInval(() -> NfsCodec.decodeCallbackReply(callback), "callback reply status 10002");
  }

  @Test
  void aReplyWithoutAStatusOrAResultIsInval() throws Exception {
    byte[] noStatus = NfsReplyMsg.parseFrom(NfsCodec.encode(new StatusReply(NfsStat4.NFS4_OK))).toBuilder()
        .clearStatus().build().toByteArray();
    assertInval(() -> NfsCodec.decodeReply(noStatus), "reply status");
    byte[] noResult = NfsReplyMsg.newBuilder().setStatus(0).build().toByteArray();
    assertInval(() -> NfsCodec.decodeReply(noResult), "reply result");
    byte[] callbackNoResult = NfsCallbackReplyMsg.newBuilder().setStatus(0).build().toByteArray();
    assertInval(() -> NfsCodec.decodeCallbackReply(callbackNoResult), "callback reply result");
  }

  @Test
  void aCallbackWithoutAnOpOrItsFileIsInval() {
    assertInval(() -> NfsCodec.decodeCallback(new byte[0]), "callback op");
    byte[] noFile = NfsCallbackMsg.newBuilder()
        .setCbRecall(CbRecallMsg.newBuilder().setStateId(StateIdMsg.getDefaultInstance()))
        .build().toByteArray();
    assertInval(() -> NfsCodec.decodeCallback(noFile), "cb_recall.file");
    byte[] noStateId = NfsCallbackMsg.newBuilder().setCbRecall(CbRecallMsg.newBuilder().setFile("f"))
        .build().toByteArray();
    assertInval(() -> NfsCodec.decodeCallback(noStateId), "cb_recall.state_id");
  }

  // ---- a record lacking what its operation needs: encoded, then refused -----------------------

  static Stream<Arguments> incomplete() {
    return Stream.of(
        Arguments.of(new ExchangeId(0, 0, null), "exchange_id.owner_id is missing"),
        Arguments.of(new Open(7, 9, null, "f", OpenClaimType.CLAIM_NULL, ShareAccess.READ,
            ShareDeny.NONE, false, null, null), "open.owner is missing"),
        Arguments.of(new Open(7, 9, "o", null, OpenClaimType.CLAIM_NULL, ShareAccess.READ,
            ShareDeny.NONE, false, null, null), "open.file is missing"),
        Arguments.of(new Open(7, 9, "o", "f", null, ShareAccess.READ,
            ShareDeny.NONE, false, null, null), "open.claim is unspecified"),
        Arguments.of(new Open(7, 9, "o", "f", OpenClaimType.CLAIM_NULL, null,
            ShareDeny.NONE, false, null, null), "open.share_access is missing"),
        Arguments.of(new Open(7, 9, "o", "f", OpenClaimType.CLAIM_NULL, ShareAccess.READ,
            null, false, null, null), "open.share_deny is missing"),
        Arguments.of(new Close(7, 9, null), "close.open_state_id is missing"),
        Arguments.of(new Lock(7, 9, LockType.READ_LT, false, 0, 1, null), "lock.locker is missing"),
        Arguments.of(new Lock(7, 9, null, false, 0, 1, new ExistingLockOwner(LOCK_SID)),
            "lock.type is unspecified"),
        Arguments.of(new Lock(7, 9, LockType.READ_LT, false, 0, 1, new NewLockOwner(null, "lo")),
            "lock.new_lock_owner.open_state_id is missing"),
        Arguments.of(new Lock(7, 9, LockType.READ_LT, false, 0, 1, new NewLockOwner(OPEN_SID, null)),
            "lock.new_lock_owner.lock_owner is missing"),
        Arguments.of(new Lock(7, 9, LockType.READ_LT, false, 0, 1, new ExistingLockOwner(null)),
            "lock.existing_lock_owner.lock_state_id is missing"),
        Arguments.of(new Lockt(7, 9, null, LockType.READ_LT, 0, 1, "lo"), "lockt.file is missing"),
        Arguments.of(new Lockt(7, 9, "f", LockType.READ_LT, 0, 1, null), "lockt.lock_owner is missing"),
        Arguments.of(new Locku(7, 9, LockType.READ_LT, null, 0, 1), "locku.lock_state_id is missing"),
        Arguments.of(new DelegReturn(7, 9, null), "deleg_return.deleg_state_id is missing"),
        Arguments.of(new Setattr(7, 9, null, null), "setattr.file is missing"),
        Arguments.of(new Remove(7, 9, null), "remove.file is missing"),
        Arguments.of(new StatusReply(null), "reply status is missing"),
        Arguments.of(new LockReply(NfsStat4.NFS4ERR_DENIED, null,
            new LockDenied(1, null, LockType.READ_LT, 0, 1)), "lock.denied.owner is missing"),
        Arguments.of(new LocktReply(NfsStat4.NFS4ERR_DENIED,
            new LockDenied(1, "o", null, 0, 1)), "lockt.denied.type is unspecified"),
        Arguments.of(new OpenReply(NfsStat4.NFS4_OK, OPEN_SID,
            new Delegation(null, null, false)), "open.delegation.type is unspecified"),
        Arguments.of(new CbRecall(null, false, "f"), "cb_recall.state_id is missing"),
        Arguments.of(new CbRecall(DELEG_SID, false, null), "cb_recall.file is missing"),
        Arguments.of(new CbRecallReply(null, DELEG_SID), "callback reply status is missing"),
        Arguments.of(new CbRecallReply(NfsStat4.NFS4_OK, null), "cb_recall_reply.state_id is missing"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("incomplete")
  void aRecordLackingARequiredFieldEncodesAndDecodesAsInvalNamingIt(Object record, String message) {
    byte[] bytes = encodeAny(record);
    assertInval(() -> decoderFor(record).apply(bytes), message);
  }

  @Test
  void aNameWithAnUnpairedSurrogateIsRefusedByTheEncoder() {
    assertThatThrownBy(() -> NfsCodec.encode(new Remove(7, 9, "bad-\uD800")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Remove.file");
    assertThat(NfsCodec.decodeRequest(NfsCodec.encode(new Remove(7, 9, "ok-\uD83D\uDCC1"))))
        .isEqualTo(new Remove(7, 9, "ok-\uD83D\uDCC1"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void assertStatus(ThrowingSupplier call, NfsStat4 status) {
    assertThatThrownBy(call::get)
        .isInstanceOfSatisfying(NfsDecodeException.class, e -> assertThat(e.status()).isEqualTo(status))
        .message().doesNotContain("\n");
  }

  private static void assertInval(ThrowingSupplier call, String field) {
    assertThatThrownBy(call::get)
        .isInstanceOfSatisfying(NfsDecodeException.class,
            e -> assertThat(e.status()).isEqualTo(NfsStat4.NFS4ERR_INVAL))
        .hasMessageStartingWith("NFS4ERR_INVAL: ")
        .hasMessageContaining(field)
        .message().doesNotContain("\n");
  }

  @FunctionalInterface
  private interface ThrowingSupplier {
    Object get() throws Exception;
  }

  private interface Edit<B> {
    void apply(B builder);
  }

  private static byte[] editOpen(Edit<OpenMsg.Builder> edit) throws Exception {
    NfsRequestMsg.Builder b = NfsRequestMsg.parseFrom(NfsCodec.encode(new Open(7, 9, "o", "f",
        OpenClaimType.CLAIM_PREVIOUS, ShareAccess.READ, ShareDeny.NONE, false,
        OpenDelegationType.READ, null))).toBuilder();
    edit.apply(b.getOpenBuilder());
    return b.build().toByteArray();
  }

  private static byte[] editLock(Edit<LockMsg.Builder> edit) throws Exception {
    NfsRequestMsg.Builder b = NfsRequestMsg.parseFrom(NfsCodec.encode(new Lock(7, 9, LockType.READ_LT,
        false, 0, 1, new NewLockOwner(OPEN_SID, "lo")))).toBuilder();
    edit.apply(b.getLockBuilder());
    return b.build().toByteArray();
  }

  private static byte[] invalidUtf8Open() {
    // field 18 (open), 4 bytes: field 2 (file), 2 bytes: 0xC3 0x28, an invalid UTF-8 sequence.
    return new byte[] {(byte) 0x92, 1, 4, 0x12, 2, (byte) 0xc3, 0x28};
  }

  private static byte[] filled(int n, byte b) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, b);
    return bytes;
  }

  private static Set<Class<?>> kinds(List<?> records) {
    return records.stream().map(Object::getClass).collect(Collectors.toSet());
  }

  private static Set<Class<?>> permitted(Class<?> sealed) {
    return Set.of(sealed.getPermittedSubclasses());
  }

  private static byte[] encodeAny(Object record) {
    if (record instanceof NfsRequest r) {
      return NfsCodec.encode(r);
    } else if (record instanceof NfsReply r) {
      return NfsCodec.encode(r);
    } else if (record instanceof CbRecall r) {
      return NfsCodec.encode(r);
    } else if (record instanceof CbRecallReply r) {
      return NfsCodec.encode(r);
    }
    throw new IllegalArgumentException("not a wire record: " + record);
  }

  private static Function<byte[], Object> decoderFor(Object record) {
    if (record instanceof NfsRequest) {
      return NfsCodec::decodeRequest;
    } else if (record instanceof NfsReply) {
      return NfsCodec::decodeReply;
    } else if (record instanceof CbRecall) {
      return NfsCodec::decodeCallback;
    } else if (record instanceof CbRecallReply) {
      return NfsCodec::decodeCallbackReply;
    }
    throw new IllegalArgumentException("not a wire record: " + record);
  }

  private static Object roundTrip(Object record) {
    return decoderFor(record).apply(encodeAny(record));
  }
}
