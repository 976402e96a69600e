package org.nfs41sim.model.client;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nfs41sim.model.server.Server;

/**
 * The NFSv4.1 callback service (kernel: nfs4_callback_recall): the back channel handed to the
 * server with CREATE_SESSION. A CB_RECALL looks the delegation up among the attached ones, marks
 * it RETURN and kicks the state manager, which returns it asynchronously; the answer is OK,
 * BADHANDLE (no such delegation: not held, or already detached) or BAD_STATEID.
 */
final class CallbackService {
  private CallbackService() {}

  static Behavior<Server.Callback> create(ActorRef<NfsClient.Command> client) {
    return Behaviors.receive(Server.Callback.class)
        .onMessage(Server.Callback.class, cb -> {
          client.tell(new NfsClient.RecallDelegation(cb.recall(), cb.replyTo()));
          return Behaviors.same();
        })
        .build();
  }
}
