package org.nfs41sim.model.client;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;

/**
 * renewd (kernel: nfs4_renew_state): every renew interval, one SEQUENCE to keep the lease. An
 * error other than DELAY, or status flags in the answer, schedule lease recovery
 * (nfs41_sequence_handle_errors, nfs41_sequence_done): the state manager checks the lease with a
 * SEQUENCE of its own and acts on what that says. Its SEQUENCE is not privileged: while the
 * session drains, it sleeps like any ordinary RPC.
 */
final class Renewd {
  static final String NAME = "renewd";

  sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Replied(NfsReply reply) implements Command {}

  private Renewd() {}

  static Behavior<Command> create(ActorRef<NfsClient.Command> client, Duration interval) {
    return Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerAtFixedRate(Tick.INSTANCE, interval);
      ActorRef<NfsReply> replies = ctx.messageAdapter(NfsReply.class, Replied::new);
      boolean[] inFlight = {false};
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (!inFlight[0]) { // one renewal at a time, as the kernel's renew work
              inFlight[0] = true;
              client.tell(new NfsClient.Rpc(NAME, new NfsRequest.Sequence(0, 0), false, replies));
            }
            return Behaviors.same();
          })
          .onMessage(Replied.class, r -> {
            inFlight[0] = false;
            boolean flags = r.reply() instanceof NfsReply.SequenceReply s && s.statusFlags() != 0;
            if (r.reply().status() != NfsStat4.NFS4_OK && r.reply().status() != NfsStat4.NFS4ERR_DELAY || flags) {
              client.tell(new NfsClient.Schedule(ClientBit.CHECK_LEASE)); // nfs4_schedule_lease_recovery
            }
            return Behaviors.same();
          })
          .build();
    }));
  }
}
