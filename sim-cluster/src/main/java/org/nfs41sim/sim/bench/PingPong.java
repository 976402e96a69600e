package org.nfs41sim.sim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Pairs of actors bouncing one message back and forth (window 1): the runtime benchmark's load. */
final class PingPong {
  private PingPong() {}

  /** Starts a round: every pair exchanges {@code messagesPerPair} messages, then counts down. */
  record Go(int messagesPerPair, CountDownLatch done) {}

  private record Ball(int left, ActorRef<Ball> back) {}

  private record Start(int messages, ActorRef<Ball> partner, CountDownLatch done) {}

  /** A guardian owning {@code pairs} pairs. */
  static Behavior<Go> guardian(int pairs) {
    return Behaviors.setup(ctx -> {
      List<ActorRef<Object>> pingers = new ArrayList<>();
      List<ActorRef<Ball>> pongers = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        pingers.add(ctx.spawn(pinger(), "ping-" + i));
        pongers.add(ctx.spawn(ponger(), "pong-" + i));
      }
      return Behaviors.receive(Go.class)
          .onMessage(Go.class, go -> {
            for (int i = 0; i < pairs; i++) {
              pingers.get(i).tell(new Start(go.messagesPerPair(), pongers.get(i), go.done()));
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  private static Behavior<Object> pinger() {
    return Behaviors.setup(ctx -> {
      @SuppressWarnings("unchecked")
      ActorRef<Ball> self = (ActorRef<Ball>) (ActorRef<?>) ctx.getSelf();
      CountDownLatch[] done = new CountDownLatch[1];
      return Behaviors.receive(Object.class)
          .onMessage(Start.class, start -> {
            done[0] = start.done();
            start.partner().tell(new Ball(start.messages() - 1, self));
            return Behaviors.same();
          })
          .onMessage(Ball.class, ball -> {
            if (ball.left() <= 0) {
              done[0].countDown();
            } else {
              ball.back().tell(new Ball(ball.left() - 1, self));
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  private static Behavior<Ball> ponger() {
    return Behaviors.setup(ctx -> Behaviors.receive(Ball.class)
        .onMessage(Ball.class, ball -> {
          ball.back().tell(new Ball(ball.left() - 1, ctx.getSelf()));
          return Behaviors.same();
        })
        .build());
  }
}
