package org.nfs41sim.sim.script;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.CbRecallReply;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The back channel of one script client: answers each CB_RECALL as its {@link CallbackPolicy}
 * says (RFC 8881 §20.2), sends the DELEGRETURN of the {@code return} policy itself, and tells the
 * driver of each callback and each such return.
 */
final class ScriptCallbacks extends AbstractBehavior<ScriptCallbacks.Command> {

  /** What the callback service accepts. */
  sealed interface Command {}

  /** Start serving: answer as {@code policy}, report to {@code driver}, which gets the back channel in reply. */
  record Attach(CallbackPolicy policy, ActorRef<ScriptDriver.Command> driver) implements Command {}

  /** Answer from now on as {@code policy}. */
  record UsePolicy(CallbackPolicy policy) implements Command {}

  /** The client's current ids, for the DELEGRETURN of the {@code return} policy. */
  record UseIds(long clientId, long sessionId) implements Command {}

  private record Recalled(Server.Callback callback) implements Command {}

  private record Returned(NfsReply reply) implements Command {}

  private final String name;
  private final ActorRef<Server.Command> server;
  private final ActorRef<Server.Callback> backChannel;
  private final ActorRef<NfsReply> returnReplies;
  private final Deque<StateId> returning = new ArrayDeque<>();
  private CallbackPolicy policy = CallbackPolicy.OK;
  private ActorRef<ScriptDriver.Command> driver;
  private long clientId;
  private long sessionId;

  /** @param server the server as this client's host reaches it (a link) */
  static Behavior<Command> create(String name, ActorRef<Server.Command> server) {
    return Behaviors.setup(ctx -> new ScriptCallbacks(ctx, name, server));
  }

  private ScriptCallbacks(ActorContext<Command> ctx, String name, ActorRef<Server.Command> server) {
    super(ctx);
    this.name = name;
    this.server = server;
    this.backChannel = ctx.messageAdapter(Server.Callback.class, Recalled::new);
    this.returnReplies = ctx.messageAdapter(NfsReply.class, Returned::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessage(UsePolicy.class, this::onUsePolicy)
        .onMessage(UseIds.class, this::onUseIds)
        .onMessage(Recalled.class, this::onRecalled)
        .onMessage(Returned.class, this::onReturned)
        .build();
  }

  private Behavior<Command> onAttach(Attach attach) {
    policy = attach.policy();
    driver = attach.driver();
    driver.tell(new ScriptDriver.Attached(name, backChannel));
    return this;
  }

  private Behavior<Command> onUsePolicy(UsePolicy use) {
    policy = use.policy();
    return this;
  }

  private Behavior<Command> onUseIds(UseIds use) {
    clientId = use.clientId();
    sessionId = use.sessionId();
    return this;
  }

  private Behavior<Command> onRecalled(Recalled recalled) {
    CbRecall recall = recalled.callback().recall();
    ActorRef<CbRecallReply> replyTo = recalled.callback().replyTo();
    String answer = switch (policy.kind()) {
      case IGNORE -> "not answered (callbacks = ignore)";
      case OK, REPLY -> {
        replyTo.tell(new CbRecallReply(policy.status(), recall.stateId()));
        yield "answered " + policy.status().shortName();
      }
      case RETURN -> {
        replyTo.tell(new CbRecallReply(NfsStat4.NFS4_OK, recall.stateId()));
        returning.add(recall.stateId());
        server.tell(new Server.Call(new NfsRequest.DelegReturn(clientId, sessionId, recall.stateId()), returnReplies));
        yield "answered OK, DELEGRETURN sent";
      }
    };
    driver.tell(new ScriptDriver.CallbackReceived(name, recall, answer));
    return this;
  }

  private Behavior<Command> onReturned(Returned returned) {
    driver.tell(new ScriptDriver.AutoReturned(name, returning.poll(), returned.reply().status()));
    return this;
  }
}
