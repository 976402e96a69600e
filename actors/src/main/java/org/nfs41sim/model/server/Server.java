package org.nfs41sim.model.server;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.CbRecallReply;
import org.nfs41sim.protocol.nfs.NfsCodec;
import org.nfs41sim.protocol.nfs.NfsDecodeException;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;

/**
 * The NFSv4.1 server (nfsd): boot epoch, client table, sessions with their back channels, leases
 * and the laundromat, the grace period, and the per-file state of {@link ServerState}. Each
 * request is handled whole in one message, as nfsd handles a compound under its state lock. The
 * actor owns the timers: the laundromat, grace, each recalled delegation's revocation, and each
 * CB_RECALL's time-out or resend.
 *
 * <p>The server keeps its ref across reboots: a {@link Reboot} drops all volatile state and starts
 * a new epoch in grace; what it knew of its clients before (its stable storage) survives.
 */
public final class Server extends AbstractBehavior<Server.Command> {

  /** What the server accepts. */
  public sealed interface Command {}

  /** A fore-channel request; the reply goes to {@code replyTo}. */
  public record Call(NfsRequest request, ActorRef<NfsReply> replyTo) implements Command {}

  /** CREATE_SESSION with the client's back channel, on which CB_RECALL will come (§18.36). */
  public record OpenSession(NfsRequest.CreateSession request, ActorRef<Callback> backChannel,
      ActorRef<NfsReply> replyTo) implements Command {}

  /**
   * A request as it crosses JVMs: Protobuf bytes (protocol/nfs.proto). Bytes that do not decode
   * are answered BADXDR, a message missing a field or out of range INVAL; never a crashed actor.
   */
  public record WireCall(byte[] request, ActorRef<NfsReply> replyTo) implements Command {}

  /** The server restarts: a new boot epoch, all volatile state lost, grace begins (§8.4.2). */
  public enum Reboot implements Command { INSTANCE }

  /** The connection of client owner {@code ownerId} was lost: its back channel with it (nfsd4_conn_lost). */
  public record ConnectionLost(String ownerId) implements Command {}

  /** A CB_RECALL on a client's back channel; the client answers {@code replyTo}. */
  public record Callback(CbRecall recall, ActorRef<CbRecallReply> replyTo) {}

  private enum LaundromatTick implements Command { INSTANCE }

  private enum GraceLeaseMark implements Command { INSTANCE }

  private enum GraceTimedOut implements Command { INSTANCE }

  /** A recalled delegation's recall-timeout passed. */
  private record RevocationDue(long serial) implements Command {}

  private record RevocationKey(long serial) {}

  /** The timer of a delegation's CB_RECALL: its time-out, or the end of the pause before a resend. */
  private record CallbackTimerFired(long serial) implements Command {}

  private record CallbackTimerKey(long serial) {}

  private record RecallAnswered(CbRecallReply reply) implements Command {}

  private final ServerSettings settings;
  private final TimerScheduler<Command> timers;
  private final ActorRef<CbRecallReply> recallReplies;
  private final ServerState state;

  public static Behavior<Command> create(ServerSettings settings, Observer observer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Server(ctx, timers, settings, observer)));
  }

  private Server(ActorContext<Command> ctx, TimerScheduler<Command> timers, ServerSettings settings,
      Observer observer) {
    super(ctx);
    this.settings = settings;
    this.timers = timers;
    this.recallReplies = ctx.messageAdapter(CbRecallReply.class, RecallAnswered::new);
    this.state = new ServerState(settings, observer, new ServerState.Effects() {
      @Override
      public void recall(ActorRef<Callback> backChannel, CbRecall recall) {
        backChannel.tell(new Callback(recall, recallReplies));
      }

      @Override
      public void armCallbackTimer(long serial, Duration after) {
        timers.startSingleTimer(new CallbackTimerKey(serial), new CallbackTimerFired(serial), after);
      }

      @Override
      public void disarmCallbackTimer(long serial) {
        timers.cancel(new CallbackTimerKey(serial));
      }

      @Override
      public void armRevocationTimer(long serial) {
        timers.startSingleTimer(new RevocationKey(serial), new RevocationDue(serial), settings.recallTimeout());
      }

      @Override
      public void disarmRevocationTimer(long serial) {
        timers.cancel(new RevocationKey(serial));
      }
    });
    startLaundromat();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Call.class, this::onCall)
        .onMessage(OpenSession.class, this::onOpenSession)
        .onMessage(WireCall.class, this::onWireCall)
        .onMessageEquals(Reboot.INSTANCE, this::onReboot)
        .onMessage(ConnectionLost.class, lost -> {
          state.connectionLost(lost.ownerId());
          return this;
        })
        .onMessageEquals(LaundromatTick.INSTANCE, this::onLaundromatTick)
        .onMessageEquals(GraceLeaseMark.INSTANCE, this::onGraceLeaseMark)
        .onMessageEquals(GraceTimedOut.INSTANCE, this::onGraceTimedOut)
        .onMessage(RevocationDue.class, this::onRevocationDue)
        .onMessage(CallbackTimerFired.class, this::onCallbackTimerFired)
        .onMessage(RecallAnswered.class, this::onRecallAnswered)
        .build();
  }

  private Behavior<Command> onCall(Call call) {
    call.replyTo().tell(state.handle(call.request(), null));
    endGraceTimersIfOver();
    return this;
  }

  private Behavior<Command> onWireCall(WireCall call) {
    NfsRequest request;
    try {
      request = NfsCodec.decodeRequest(call.request());
    } catch (NfsDecodeException e) {
      call.replyTo().tell(new NfsReply.StatusReply(e.status()));
      return this;
    }
    return onCall(new Call(request, call.replyTo()));
  }

  private Behavior<Command> onOpenSession(OpenSession open) {
    open.replyTo().tell(state.handle(open.request(), open.backChannel()));
    return this;
  }

  private Behavior<Command> onReboot() {
    timers.cancelAll();
    state.reboot();
    startLaundromat();
    timers.startSingleTimer(GraceLeaseMark.INSTANCE, settings.leaseTime());
    timers.startSingleTimer(GraceTimedOut.INSTANCE, settings.gracePeriod());
    return this;
  }

  private Behavior<Command> onLaundromatTick() {
    state.laundromat();
    return this;
  }

  private Behavior<Command> onGraceLeaseMark() {
    state.graceLeaseMarkPassed();
    endGraceTimersIfOver();
    return this;
  }

  private Behavior<Command> onGraceTimedOut() {
    state.graceTimedOut();
    return this;
  }

  private Behavior<Command> onRevocationDue(RevocationDue due) {
    state.revocationDue(due.serial());
    return this;
  }

  private Behavior<Command> onCallbackTimerFired(CallbackTimerFired fired) {
    state.callbackTimerFired(fired.serial());
    return this;
  }

  private Behavior<Command> onRecallAnswered(RecallAnswered answered) {
    state.recallAnswered(answered.reply().stateId(), answered.reply().status());
    return this;
  }

  private void startLaundromat() {
    timers.startTimerAtFixedRate(LaundromatTick.INSTANCE, settings.laundromatInterval());
  }

  /** Grace ended early (every known client did RECLAIM_COMPLETE): its timer must not keep a run alive. */
  private void endGraceTimersIfOver() {
    if (!state.inGrace()) {
      timers.cancel(GraceTimedOut.INSTANCE);
    }
  }
}
