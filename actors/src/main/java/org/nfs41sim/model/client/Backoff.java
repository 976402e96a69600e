package org.nfs41sim.model.client;

import java.time.Duration;

/**
 * nfs4_delay's back-off within one nfs4_exception (kernel fs/nfs/nfs4proc.c): the first wait is
 * NFS4_POLL_RETRY_MIN, each next one twice the last, at most NFS4_POLL_RETRY_MAX. A new call of
 * the retrying function starts a new one.
 */
final class Backoff {
  /** NFS4_POLL_RETRY_MIN (HZ/10). */
  static final Duration MIN = Duration.ofMillis(100);
  /** NFS4_POLL_RETRY_MAX (15*HZ); also the fixed rpc_delay of nfs4_async_handle_error. */
  static final Duration MAX = Duration.ofSeconds(15);

  private Duration timeout = Duration.ZERO;

  /** The next wait: 100 ms, 200 ms, 400 ms, ... up to 15 s. */
  Duration next() {
    Duration wait = timeout.isZero() ? MIN : timeout;
    if (wait.compareTo(MAX) > 0) {
      wait = MAX;
    }
    timeout = wait.multipliedBy(2);
    return wait;
  }

  /** A new nfs4_exception. */
  void reset() {
    timeout = Duration.ZERO;
  }
}
