package org.nfs41sim.sim.script;

import java.time.Duration;
import java.util.Map;

/** One step of a script; {@code number} counts from 1, {@code where} is its file:line. */
sealed interface Step {
  int number();

  String where();

  /**
   * A client sends an operation and waits for its reply. {@code as} names the result (or is null);
   * {@code clientId} and {@code sessionId} replace the client's own ids for this request (or are null).
   */
  record Call(int number, String where, String client, Operation operation, Expectation expect, String as,
      IdOverride clientId, IdOverride sessionId) implements Step {}

  /** Virtual time moves on by {@code by}. */
  record Advance(int number, String where, Duration by) implements Step {}

  /** The server reboots (RFC 8881 §8.4.2). */
  record Reboot(int number, String where) implements Step {}

  /**
   * Waits until {@code client} has received a CB_RECALL not matched by an earlier expect-callback,
   * for {@code file} and {@code delegation} when given; fails after {@code within}.
   */
  record ExpectCallback(int number, String where, String client, String file, StateIdRef delegation,
      Duration within) implements Step {}

  /** Fails if {@code client} receives (or has received, unmatched) a CB_RECALL, for {@code file} if given, within {@code within}. */
  record ExpectNoCallback(int number, String where, String client, String file, Duration within) implements Step {}

  /** Changes how clients answer CB_RECALL from now on. */
  record SetCallbacks(int number, String where, Map<String, CallbackPolicy> policies) implements Step {}

  /** A client id or session id to send instead of the client's own: a number, or another client's current one. */
  record IdOverride(Long value, String client) {
    @Override
    public String toString() {
      return value != null ? Long.toUnsignedString(value) : client;
    }
  }
}
