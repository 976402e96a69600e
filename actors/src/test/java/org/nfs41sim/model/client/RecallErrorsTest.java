package org.nfs41sim.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.client.RecallErrors.Action;
import org.nfs41sim.model.client.RecallErrors.Outcome;
import org.nfs41sim.model.client.RecallErrors.Recovery;
import org.nfs41sim.protocol.nfs.NfsStat4;

/**
 * The claim error tables of docs/model.md, one row per status and variant: v3.6's
 * nfs4_open_delegation_recall and nfs4_lock_delegation_recall (legacy), the seed's lock recall,
 * and 3.10.y's nfs4_handle_delegation_recall_error without the set_bit calls 5eb8d18ca0e0 removed
 * (fixed).
 */
class RecallErrorsTest {

  @Test
  void eachVariantIsExactlyItsListOfKernelChanges() {
    assertThat(ClientVariant.LEGACY.changes()).isEmpty();
    assertThat(ClientVariant.SEED.changes()).containsExactly(KernelChange.RETURN_WHILE_ATTACHED);
    assertThat(ClientVariant.FIXED.changes()).isEqualTo(EnumSet.allOf(KernelChange.class));
  }

  @ParameterizedTest(name = "{0} claim OPEN answered {1}: {2}, {3}, set DELEGATED {4}")
  @CsvSource({
      "LEGACY, NFS4_OK,               OK,               NONE,               false",
      "LEGACY, NFS4ERR_GRACE,         RETRY,            NONE,               false",
      "LEGACY, NFS4ERR_DELAY,         RETRY,            NONE,               false",
      "LEGACY, NFS4ERR_BADSESSION,    FAIL,             SESSION,            false",
      "LEGACY, NFS4ERR_STALE_STATEID, FAIL,             LEASE,              false",
      "LEGACY, NFS4ERR_DELEG_REVOKED, GO_ON,            DELEGATION_STATEID, false",
      "SEED,   NFS4ERR_BADSESSION,    FAIL,             SESSION,            false",
      "FIXED,  NFS4ERR_GRACE,         SLEEP_THEN_AGAIN, NONE,               false",
      "FIXED,  NFS4ERR_BADSESSION,    AGAIN,            SESSION,            false",
      "FIXED,  NFS4ERR_STALE_STATEID, AGAIN,            LEASE,              false",
      "FIXED,  NFS4ERR_BAD_STATEID,   AGAIN,            DELEGATION_STATEID, false",
  })
  void theClaimOpen(ClientVariant variant, NfsStat4 status, Action action, Recovery recovery, boolean set) {
    assertThat(RecallErrors.openRecall(variant, status)).isEqualTo(new Outcome(action, recovery, set));
  }

  @ParameterizedTest(name = "{0} claim LOCK answered {1}: {2}, {3}, set DELEGATED {4}")
  @CsvSource({
      "LEGACY, NFS4ERR_GRACE,         FAIL,             NONE,               false",
      "LEGACY, NFS4ERR_DELAY,         RETRY,            NONE,               false",
      "LEGACY, NFS4ERR_DENIED,        GO_ON,            NONE,               false",
      "LEGACY, NFS4ERR_BADSESSION,    FAIL,             SESSION,            false",
      "LEGACY, NFS4ERR_EXPIRED,       FAIL,             STATEID_AND_LEASE,  false",
      "LEGACY, NFS4ERR_BAD_STATEID,   GO_ON,            STATEID,            false",
      "SEED,   NFS4ERR_BADSESSION,    AGAIN,            SESSION,            true",
      "SEED,   NFS4ERR_STALE_STATEID, AGAIN,            LEASE,              true",
      "SEED,   NFS4ERR_GRACE,         FAIL,             NONE,               false",
      "FIXED,  NFS4ERR_BADSESSION,    AGAIN,            SESSION,            false",
      "FIXED,  NFS4ERR_DELAY,         SLEEP_THEN_AGAIN, NONE,               false",
      "FIXED,  NFS4ERR_EXPIRED,       AGAIN,            LEASE,              false",
      "FIXED,  NFS4ERR_DENIED,        GO_ON,            NONE,               false",
  })
  void theClaimLock(ClientVariant variant, NfsStat4 status, Action action, Recovery recovery, boolean set) {
    assertThat(RecallErrors.lockRecall(variant, status)).isEqualTo(new Outcome(action, recovery, set));
  }
}
