package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELAY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_SHARE_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/** What recalls a delegation: the callers of nfsd's break_lease, and write-delegations' own rules. */
class RecallTest {
  private final ServerHarness server = new ServerHarness();

  /** The request {@code op} from {@code c} on f1; its status. */
  private static NfsStat4 send(ServerHarness.Client c, String op) {
    return switch (op) {
      case "write OPEN" -> c.open("writer", "f1", ShareAccess.WRITE, ShareDeny.NONE).status();
      case "SETATTR" -> c.setattr("f1").status();
      case "REMOVE" -> c.remove("f1").status();
      default -> throw new IllegalArgumentException(op);
    };
  }

  @ParameterizedTest(name = "{0} from {1} recalls a READ delegation and waits")
  @CsvSource({
      "write OPEN, another client", "write OPEN, the holder",
      "SETATTR,    another client", "SETATTR,    the holder",
      "REMOVE,     another client", "REMOVE,     the holder",
  })
  void aConflictingRequestOfAnyClientTheHolderIncludedRecallsAndGetsDelay(String op, String who) {
    ServerHarness.Client holder = server.client("holder");
    ServerHarness.Client other = server.client("other");
    StateId delegation = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    ServerHarness.Client requester = who.equals("the holder") ? holder : other;

    NfsStat4 first = send(requester, op);
    NfsStat4 again = send(requester, op);
    holder.delegReturn(delegation);
    NfsStat4 afterReturn = send(requester, op);

    assertThat(first).isEqualTo(NFS4ERR_DELAY);
    assertThat(again).isEqualTo(NFS4ERR_DELAY);
    assertThat(server.recalls).singleElement().satisfies(r -> assertThat(r.stateId()).isEqualTo(delegation));
    assertThat(afterReturn).isEqualTo(NFS4_OK);
  }

  @Test
  void oneConflictRecallsEveryDelegationOnTheFileAndWaitsForAllOfThem() {
    ServerHarness.Client c1 = server.client("c1");
    ServerHarness.Client c2 = server.client("c2");
    ServerHarness.Client c3 = server.client("c3");
    StateId d1 = c1.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    StateId d2 = c2.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();

    NfsStat4 first = c3.setattr("f1").status();
    c1.delegReturn(d1);
    NfsStat4 oneLeft = c3.setattr("f1").status();
    c2.delegReturn(d2);
    NfsStat4 noneLeft = c3.setattr("f1").status();

    assertThat(server.recalls).extracting(CbRecall::stateId).containsExactly(d1, d2);
    assertThat(first).isEqualTo(NFS4ERR_DELAY);
    assertThat(oneLeft).isEqualTo(NFS4ERR_DELAY);
    assertThat(noneLeft).isEqualTo(NFS4_OK);
  }

  @ParameterizedTest(name = "{0} does not recall a READ delegation")
  @CsvSource({"a read OPEN", "a LOCK", "a LOCKT"})
  void requestsThatBreakNoLeaseDoNotRecall(String request) {
    ServerHarness.Client holder = server.client("holder");
    ServerHarness.Client other = server.client("other");
    holder.open("f1", ShareAccess.READ, ShareDeny.NONE);

    NfsStat4 status = switch (request) {
      case "a read OPEN" -> other.open("f1", ShareAccess.READ, ShareDeny.NONE).status();
      case "a LOCK" -> other.lock(other.openByHandle("f1", ShareAccess.READ).stateId(), LockType.READ_LT, 0, 1,
          false).status();
      default -> other.lockt("f1", LockType.WRITE_LT, 0, 1).status();
    };

    assertThat(status).isEqualTo(NFS4_OK);
    assertThat(server.recalls).isEmpty();
  }

  @Test
  void aReadOpenDenyingReadsOfAFileTheHolderClosedIsGrantedWithoutARecall() {
    ServerHarness.Client holder = server.client("holder");
    ServerHarness.Client other = server.client("other");
    holder.close(holder.open("f1", ShareAccess.READ, ShareDeny.NONE).stateId());

    NfsStat4 status = other.open("f1", ShareAccess.READ, ShareDeny.READ).status();

    assertThat(status).isEqualTo(NFS4_OK); // nfsd 3.6: deny modes break no lease
    assertThat(server.recalls).isEmpty();
  }

  @Test
  void aShareReservationConflictWinsOverTheRecall() {
    ServerHarness.Client holder = server.client("holder");
    holder.open("f1", ShareAccess.READ, ShareDeny.WRITE);

    NfsStat4 status = server.client("other").open("f1", ShareAccess.WRITE, ShareDeny.NONE).status();

    assertThat(status).isEqualTo(NFS4ERR_SHARE_DENIED); // nfsd 3.6 nfs4_check_open comes first
    assertThat(server.recalls).isEmpty();
  }

  @Test
  void aRemoveDuringGraceGetsGraceBeforeAnything() {
    ServerHarness.Client c1 = server.client("c1");
    server.state.reboot();
    c1.connect();

    NfsStat4 status = c1.remove("nonexistent").status();

    assertThat(status).isEqualTo(NfsStat4.NFS4ERR_GRACE); // nfsd 3.6 nfsd4_remove
  }

  @Test
  void withWriteDelegationsTheHoldersOwnRequestsDoNotRecallItsWriteDelegation() {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().writeDelegations());
    ServerHarness.Client holder = s.client("holder");
    StateId open = holder.open("f1", ShareAccess.WRITE, ShareDeny.NONE).stateId();

    NfsStat4 reopen = holder.open("second", "f1", ShareAccess.BOTH, ShareDeny.NONE).status();
    NfsStat4 setattr = holder.setattr("f1").status();
    NfsStat4 lock = holder.lock(open, LockType.WRITE_LT, 0, 10, false).status();

    assertThat(reopen).isEqualTo(NFS4_OK);
    assertThat(setattr).isEqualTo(NFS4_OK);
    assertThat(lock).isEqualTo(NFS4_OK);
    assertThat(s.recalls).isEmpty();
  }

  @ParameterizedTest(name = "with write-delegations, another client''s {0} recalls a WRITE delegation")
  @CsvSource({"read OPEN", "SETATTR"})
  void withWriteDelegationsAnotherClientsRequestRecallsAWriteDelegation(String op) {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().writeDelegations());
    ServerHarness.Client holder = s.client("holder");
    ServerHarness.Client other = s.client("other");
    StateId delegation = holder.open("f1", ShareAccess.WRITE, ShareDeny.NONE).delegation().stateId();

    NfsStat4 status = op.equals("SETATTR") ? other.setattr("f1").status()
        : other.open("f1", ShareAccess.READ, ShareDeny.NONE).status();

    assertThat(status).isEqualTo(NFS4ERR_DELAY);
    assertThat(s.recalls).extracting(CbRecall::stateId).containsExactly(delegation);
  }

  @Test
  void withWriteDelegationsAnotherClientsLockWaitsForAWriteDelegation() {
    ServerHarness s = ServerHarness.with(ServerHarness.settings().writeDelegations());
    ServerHarness.Client holder = s.client("holder");
    ServerHarness.Client other = s.client("other");
    s.state.reboot();
    StateId otherOpen = other.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE).stateId();
    StateId delegation = holder.connect().reclaimOpen("f1", ShareAccess.WRITE, OpenDelegationType.WRITE)
        .delegation().stateId(); // pre-recalled: other has the file open

    NfsStat4 waiting = other.lock(otherOpen, LockType.READ_LT, 0, 1, true).status();
    holder.delegReturn(delegation);
    NfsStat4 granted = other.lock(otherOpen, LockType.READ_LT, 0, 1, true).status();

    assertThat(waiting).isEqualTo(NFS4ERR_DELAY);
    assertThat(granted).isEqualTo(NFS4_OK);
  }
}
