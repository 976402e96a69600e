package org.nfs41sim.sim.script;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;

/**
 * The fore channel of one script client: sends exactly the request it is given to the server
 * (through its host's link) and hands the reply back. It is a protocol-level driver, not the
 * kernel client model: it retries nothing and recovers nothing.
 */
final class ScriptClient extends AbstractBehavior<ScriptClient.Command> {

  /** What the client accepts. */
  sealed interface Command {}

  /**
   * Send {@code request}; a CREATE_SESSION goes with {@code backChannel} when it is not null
   * (RFC 8881 §18.36). The reply goes to {@code replyTo}.
   */
  record Send(NfsRequest request, ActorRef<Server.Callback> backChannel, ActorRef<ScriptDriver.Command> replyTo)
      implements Command {}

  private record Answered(NfsReply reply) implements Command {}

  private final String name;
  private final ActorRef<Server.Command> server;
  private final ActorRef<NfsReply> replies;
  private ActorRef<ScriptDriver.Command> replyTo;

  /** @param server the server as this client's host reaches it (a link) */
  static Behavior<Command> create(String name, ActorRef<Server.Command> server) {
    return Behaviors.setup(ctx -> new ScriptClient(ctx, name, server));
  }

  private ScriptClient(ActorContext<Command> ctx, String name, ActorRef<Server.Command> server) {
    super(ctx);
    this.name = name;
    this.server = server;
    this.replies = ctx.messageAdapter(NfsReply.class, Answered::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Send.class, this::onSend)
        .onMessage(Answered.class, this::onAnswered)
        .build();
  }

  private Behavior<Command> onSend(Send send) {
    replyTo = send.replyTo();
    if (send.request() instanceof NfsRequest.CreateSession cs && send.backChannel() != null) {
      server.tell(new Server.OpenSession(cs, send.backChannel(), replies));
    } else {
      server.tell(new Server.Call(send.request(), replies));
    }
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    replyTo.tell(new ScriptDriver.Replied(name, answered.reply()));
    return this;
  }
}
