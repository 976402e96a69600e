package org.nfs41sim.model.locking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.protocol.nfs.LockType;

/**
 * The lock conflict rule of RFC 8881 §18.10, as a table written from the RFC: ranges overlap,
 * owners differ (owners of one client too), and at least one lock is a write lock.
 */
class LockTableTest {

  @ParameterizedTest(name = "held {0}/{1} {2} [{3},+{4}) vs asked {5}/{6} {7} [{8},+{9}) -> {10}")
  @CsvSource({
      // held: client, owner, type, offset, length | asked: client, owner, type, offset, length | conflict
      "1, a, WRITE_LT,  0, 10,   2, b, READ_LT,   5, 10,  true",   // overlap, other client, write held
      "1, a, READ_LT,   0, 10,   2, b, WRITE_LT,  5, 10,  true",   // write asked
      "1, a, READ_LT,   0, 10,   2, b, READ_LT,   5, 10,  false",  // read and read never conflict
      "1, a, WRITE_LT,  0, 10,   2, b, WRITE_LT, 10, 10,  false",  // [0,10) and [10,20) touch, no overlap
      "1, a, WRITE_LT,  0, 10,   2, b, WRITE_LT,  9,  1,  true",   // last byte overlaps
      "1, a, WRITE_LT,  0, 10,   1, b, WRITE_LT,  0, 10,  true",   // same client, other owner: conflict
      "1, a, WRITE_LT,  0, 10,   1, a, WRITE_LT,  0, 10,  false",  // same owner: never
      "1, a, WRITEW_LT, 0, 10,   2, b, READW_LT,  0,  1,  true",   // blocking forms are write/read too
      "1, a, WRITE_LT, 100, -1,  2, b, READ_LT, 9999999999, 1, true", // length all ones: to end of file
      "1, a, WRITE_LT, 100, -1,  2, b, READ_LT,  0, 100, false",  // before the held range
  })
  void theConflictRuleFollowsTheRfc(long heldClient, String heldOwner, LockType heldType, long heldOffset,
      long heldLength, long client, String owner, LockType type, long offset, long length, boolean conflict) {
    LockTable table = new LockTable();
    table.lock(heldClient, heldOwner, heldType, heldOffset, LockTable.end(heldOffset, heldLength));

    LockTable.Range found = table.conflict(client, owner, type, offset, LockTable.end(offset, length));

    assertThat(found != null).isEqualTo(conflict);
  }

  @ParameterizedTest(name = "offset {0} length {1} valid: {2}")
  @CsvSource({
      "0, 1, true",
      "0, 0, false",                                  // length 0: NFS4ERR_INVAL (§18.10.4)
      "0, -1, true",                                  // NFS4_UINT64_MAX: to the end of the file
      "-2, 1, true",                                  // the last byte 2^64-2 .. 2^64-1
      "-2, 2, false",                                 // offset + length = 2^64: overflows
      "9223372036854775807, 9223372036854775807, true",
      "9223372036854775807, -9223372036854775808, true",  // 2^63-1 + 2^63 = 2^64-1: fits
      "-9223372036854775808, -9223372036854775808, false", // 2^63 + 2^63 = 2^64: overflows
  })
  void rangesOfZeroLengthOrPastTheLastByteAreInvalid(long offset, long length, boolean valid) {
    assertThat(LockTable.end(offset, length) != null).isEqualTo(valid);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "unlocking the middle leaves both ends held, 0, 100, 40, 20, 0, 40, 60, 100",
  })
  void unlockingPartOfARangeSplitsIt(String name, long lockStart, long lockEnd, long unlockOffset,
      long unlockLength, long leftStart, long leftEnd, long rightStart, long rightEnd) {
    LockTable table = new LockTable();
    table.lock(1, "a", LockType.WRITE_LT, lockStart, lockEnd);

    table.unlock(1, "a", unlockOffset, LockTable.end(unlockOffset, unlockLength));

    assertThat(table.ranges()).extracting(LockTable.Range::start, LockTable.Range::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(leftStart, leftEnd),
            org.assertj.core.groups.Tuple.tuple(rightStart, rightEnd));
    assertThat(table.conflict(2, "b", LockType.WRITE_LT, 40, 60)).isNull();
    assertThat(table.conflict(2, "b", LockType.WRITE_LT, 39, 40)).isNotNull();
  }
}
