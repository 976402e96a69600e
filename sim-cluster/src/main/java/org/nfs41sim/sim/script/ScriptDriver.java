package org.nfs41sim.sim.script;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.config.ConfigText;
import org.nfs41sim.sim.script.Bindings.Unresolved;

/**
 * Runs a script's steps one after another: an operation waits for its reply (or fails after
 * {@link #OPERATION_TIMEOUT} of virtual time), {@code advance} waits on a timer, {@code reboot}
 * tells the server, and the expect-callback steps watch the callbacks its clients report. It keeps
 * each client's client id and session id from its own EXCHANGE_ID and CREATE_SESSION results.
 * The first step that does not go as expected ends the script.
 */
final class ScriptDriver extends AbstractBehavior<ScriptDriver.Command> {
  /** How long an operation may go unanswered before its step fails. */
  static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);

  /** What the driver accepts. */
  sealed interface Command {}

  /** A client's callback service is serving; {@code backChannel} goes with its CREATE_SESSION. */
  record Attached(String client, ActorRef<Server.Callback> backChannel) implements Command {}

  /** A client's operation got {@code reply}. */
  record Replied(String client, NfsReply reply) implements Command {}

  /** A client got a CB_RECALL and answered it as {@code answer} says. */
  record CallbackReceived(String client, CbRecall recall, String answer) implements Command {}

  /** The DELEGRETURN a client's {@code return} policy sent got {@code status}. */
  record AutoReturned(String client, StateId stateId, NfsStat4 status) implements Command {}

  private record TimerFired(int index) implements Command {}

  /** What the current step waits for. */
  private enum Waiting { ATTACHING, REPLY, ADVANCE, CALLBACK, NO_CALLBACK, DONE }

  /** One client as the driver sees it: its ids and the back channel it hands the server. */
  private static final class ClientState {
    long clientId;
    long sessionId;
    ActorRef<Server.Callback> backChannel;
  }

  /** A CB_RECALL a client got; {@code matched} once an expect-callback step has claimed it. */
  private static final class Seen {
    final CbRecall recall;
    final long atNanos;
    boolean matched;

    Seen(CbRecall recall, long atNanos) {
      this.recall = recall;
      this.atNanos = atNanos;
    }
  }

  private static final String STEP_TIMER = "step";

  private final Script script;
  private final ScriptLog log;
  private final TimerScheduler<Command> timers;
  private final ActorRef<Server.Command> server;
  private final Map<String, ActorRef<ScriptClient.Command>> clients;
  private final Map<String, ActorRef<ScriptCallbacks.Command>> callbacks;
  private final Map<String, ClientState> state = new TreeMap<>();
  private final Map<String, List<Seen>> seen = new TreeMap<>();
  private final Bindings bindings = new Bindings();
  private Waiting waiting = Waiting.ATTACHING;
  private int index = -1;
  private long stepStarted;
  private String pendingText;
  private long previousClientId;
  private StateId expectedDelegation;

  static Behavior<Command> create(Script script, ScriptLog log, ActorRef<Server.Command> server,
      Map<String, ActorRef<ScriptClient.Command>> clients, Map<String, ActorRef<ScriptCallbacks.Command>> callbacks) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new ScriptDriver(ctx, timers, script, log, server, clients, callbacks)));
  }

  private ScriptDriver(ActorContext<Command> ctx, TimerScheduler<Command> timers, Script script, ScriptLog log,
      ActorRef<Server.Command> server, Map<String, ActorRef<ScriptClient.Command>> clients,
      Map<String, ActorRef<ScriptCallbacks.Command>> callbacks) {
    super(ctx);
    this.script = script;
    this.log = log;
    this.timers = timers;
    this.server = server;
    this.clients = clients;
    this.callbacks = callbacks;
    for (String client : script.clients()) {
      state.put(client, new ClientState());
      seen.put(client, new ArrayList<>());
      callbacks.get(client).tell(new ScriptCallbacks.Attach(script.callbacks().get(client), ctx.getSelf()));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attached.class, this::onAttached)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(CallbackReceived.class, this::onCallbackReceived)
        .onMessage(AutoReturned.class, this::onAutoReturned)
        .onMessage(TimerFired.class, this::onTimerFired)
        .build();
  }

  // ---- the step loop ----

  private Behavior<Command> onAttached(Attached attached) {
    state.get(attached.client()).backChannel = attached.backChannel();
    if (state.values().stream().allMatch(c -> c.backChannel != null)) {
      runSteps();
    }
    return this;
  }

  /** Runs steps until one has to wait (or the script ends). */
  private void runSteps() {
    while (true) {
      index++;
      if (index == script.steps().size()) {
        waiting = Waiting.DONE;
        log.completed();
        return;
      }
      stepStarted = log.now();
      Step step = script.steps().get(index);
      boolean waits;
      if (step instanceof Step.Call c) {
        waits = send(c);
      } else if (step instanceof Step.Advance a) {
        log.step(a.number(), stepStarted, "advance " + ConfigText.duration(a.by()), null);
        waiting = Waiting.ADVANCE;
        timers.startSingleTimer(STEP_TIMER, new TimerFired(index), a.by());
        waits = true;
      } else if (step instanceof Step.Reboot r) {
        server.tell(Server.Reboot.INSTANCE);
        log.step(r.number(), stepStarted, "reboot server", null);
        waits = false;
      } else if (step instanceof Step.SetCallbacks s) {
        s.policies().forEach((client, policy) -> callbacks.get(client).tell(new ScriptCallbacks.UsePolicy(policy)));
        log.step(s.number(), stepStarted, "callbacks " + s.policies(), null);
        waits = false;
      } else if (step instanceof Step.ExpectCallback e) {
        waits = expectCallback(e);
      } else {
        waits = expectNoCallback((Step.ExpectNoCallback) step);
      }
      if (waits || waiting == Waiting.DONE) {
        return;
      }
    }
  }

  private void fail(int number, String text, String why) {
    timers.cancel(STEP_TIMER);
    waiting = Waiting.DONE;
    log.step(number, stepStarted, text, why);
  }

  // ---- operations ----

  private boolean send(Step.Call c) {
    ClientState me = state.get(c.client());
    long clientId = c.clientId() == null ? me.clientId : id(c.clientId(), true);
    long sessionId = c.sessionId() == null ? me.sessionId : id(c.sessionId(), false);
    NfsRequest request;
    try {
      request = Requests.build(c.operation(), clientId, sessionId, bindings);
    } catch (Unresolved e) {
      fail(c.number(), c.client() + " " + c.operation().name(), e.getMessage());
      return false;
    }
    pendingText = c.client() + " " + Describe.request(c.client(), c.operation(), request);
    previousClientId = me.clientId;
    boolean withBackChannel = c.operation() instanceof Operation.CreateSession cs && cs.backChannel();
    clients.get(c.client()).tell(new ScriptClient.Send(request, withBackChannel ? me.backChannel : null,
        getContext().getSelf()));
    timers.startSingleTimer(STEP_TIMER, new TimerFired(index), OPERATION_TIMEOUT);
    waiting = Waiting.REPLY;
    return true;
  }

  private long id(Step.IdOverride override, boolean clientId) {
    if (override.value() != null) {
      return override.value();
    }
    ClientState other = state.get(override.client());
    return clientId ? other.clientId : other.sessionId;
  }

  private Behavior<Command> onReplied(Replied replied) {
    if (waiting != Waiting.REPLY || !(script.steps().get(index) instanceof Step.Call c)
        || !c.client().equals(replied.client())) {
      return this; // a reply after its step timed out
    }
    timers.cancel(STEP_TIMER);
    NfsReply reply = replied.reply();
    ClientState me = state.get(c.client());
    if (reply instanceof NfsReply.ExchangeIdReply r && r.ok()) {
      me.clientId = r.clientId();
      callbacks.get(c.client()).tell(new ScriptCallbacks.UseIds(me.clientId, me.sessionId));
    } else if (reply instanceof NfsReply.CreateSessionReply r && r.ok()) {
      me.sessionId = r.sessionId();
      callbacks.get(c.client()).tell(new ScriptCallbacks.UseIds(me.clientId, me.sessionId));
    }
    if (c.as() != null) {
      bindings.bind(c.as(), c.number(), c.operation().name(), reply);
    }
    String failed = Checks.check(c.expect(), reply, previousClientId, client -> state.get(client).clientId);
    String text = pendingText + " -> " + Describe.reply(reply, c.as(), this::clientName);
    if (failed != null) {
      fail(c.number(), text, failed);
      return this;
    }
    log.step(c.number(), stepStarted, text, null);
    runSteps();
    return this;
  }

  /** A client's name if {@code clientId} is its current id, else the id. */
  private String clientName(long clientId) {
    for (Map.Entry<String, ClientState> e : state.entrySet()) {
      if (e.getValue().clientId == clientId && clientId != 0) {
        return e.getKey();
      }
    }
    return Describe.id(clientId);
  }

  // ---- callbacks ----

  private boolean expectCallback(Step.ExpectCallback e) {
    expectedDelegation = null;
    if (e.delegation() != null) {
      try {
        expectedDelegation = bindings.resolve(e.delegation());
      } catch (Unresolved u) {
        fail(e.number(), "expect-callback " + e.client(), u.getMessage());
        return false;
      }
    }
    for (Seen s : seen.get(e.client())) {
      if (!s.matched && matches(s.recall, e.file(), expectedDelegation)) {
        s.matched = true;
        log.step(e.number(), stepStarted, describe(e) + " -> " + describe(s), null);
        return false;
      }
    }
    waiting = Waiting.CALLBACK;
    timers.startSingleTimer(STEP_TIMER, new TimerFired(index), e.within());
    return true;
  }

  private boolean expectNoCallback(Step.ExpectNoCallback e) {
    for (Seen s : seen.get(e.client())) {
      if (!s.matched && matches(s.recall, e.file(), null)) {
        fail(e.number(), describe(e) + " -> " + describe(s), e.client() + " got a CB_RECALL");
        return false;
      }
    }
    waiting = Waiting.NO_CALLBACK;
    timers.startSingleTimer(STEP_TIMER, new TimerFired(index), e.within());
    return true;
  }

  private Behavior<Command> onCallbackReceived(CallbackReceived received) {
    Seen s = new Seen(received.recall(), log.now());
    seen.get(received.client()).add(s);
    log.event(received.client() + " <- CB_RECALL " + received.recall().file() + " " + received.recall().stateId()
        + ", " + received.answer());
    Step step = index >= 0 && index < script.steps().size() ? script.steps().get(index) : null;
    if (waiting == Waiting.CALLBACK && step instanceof Step.ExpectCallback e && e.client().equals(received.client())
        && matches(s.recall, e.file(), expectedDelegation)) {
      s.matched = true;
      timers.cancel(STEP_TIMER);
      log.step(e.number(), stepStarted, describe(e) + " -> " + describe(s), null);
      runSteps();
    } else if (waiting == Waiting.NO_CALLBACK && step instanceof Step.ExpectNoCallback e
        && e.client().equals(received.client()) && matches(s.recall, e.file(), null)) {
      fail(e.number(), describe(e) + " -> " + describe(s), e.client() + " got a CB_RECALL");
    }
    return this;
  }

  private Behavior<Command> onAutoReturned(AutoReturned returned) {
    log.event(returned.client() + " DELEGRETURN " + returned.stateId() + " -> " + returned.status().shortName()
        + " (callbacks = return)");
    return this;
  }

  private static boolean matches(CbRecall recall, String file, StateId delegation) {
    return (file == null || file.equals(recall.file()))
        && (delegation == null || delegation.sameState(recall.stateId()));
  }

  private static String describe(Seen s) {
    return "CB_RECALL " + s.recall.file() + " " + s.recall.stateId() + " " + Describe.time(s.atNanos);
  }

  private static String describe(Step.ExpectCallback e) {
    return "expect-callback " + e.client() + " CB_RECALL" + (e.file() == null ? "" : " " + e.file())
        + (e.delegation() == null ? "" : " delegation=" + e.delegation().text()) + " within "
        + ConfigText.duration(e.within());
  }

  private static String describe(Step.ExpectNoCallback e) {
    return "expect-no-callback " + e.client() + (e.file() == null ? "" : " " + e.file()) + " within "
        + ConfigText.duration(e.within());
  }

  // ---- timers ----

  private Behavior<Command> onTimerFired(TimerFired fired) {
    if (fired.index() != index) {
      return this;
    }
    Step step = script.steps().get(index);
    switch (waiting) {
      case REPLY -> fail(step.number(), pendingText + " -> no reply", "no reply within "
          + ConfigText.duration(OPERATION_TIMEOUT));
      case ADVANCE -> runSteps();
      case CALLBACK -> {
        Step.ExpectCallback e = (Step.ExpectCallback) step;
        fail(e.number(), describe(e) + " -> none", "no matching CB_RECALL reached " + e.client() + " within "
            + ConfigText.duration(e.within()));
      }
      case NO_CALLBACK -> {
        log.step(step.number(), stepStarted, describe((Step.ExpectNoCallback) step) + " -> none", null);
        runSteps();
      }
      default -> { }
    }
    return this;
  }
}
