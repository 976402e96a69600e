package org.nfs41sim.sim.showcase;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.World;

/**
 * The runtime's own showcase: a small commit protocol with a planted ordering bug.
 *
 * <p>A coordinator sends each participant PREPARE through one relay and COMMIT through a log
 * writer and a replicator (two hops). A participant that sees COMMIT before PREPARE has lost the
 * transaction. Mailboxes are FIFO and all actors share one host, so nothing but the schedule
 * decides the order: FIFO scheduling always delivers PREPARE first (the short path wins), while
 * a schedule that runs both hops of the long path before the relay shows the bug.
 */
public final class PlantedBug implements Scenario {
  private final int participants;
  private final List<String> violations = new ArrayList<>();

  public PlantedBug(int participants) {
    this.participants = participants;
  }

  /** One line per participant that saw COMMIT before PREPARE, in the order they saw it. */
  public List<String> violations() {
    return violations;
  }

  @Override
  public void build(World world) {
    Host host = world.host("node");
    List<ActorRef<Participant.Command>> ps = new ArrayList<>();
    for (int i = 1; i <= participants; i++) {
      ps.add(host.spawn(Participant.create(i, violations::add), "participant-" + i));
    }
    ActorRef<Participant.Command> replicator = host.spawn(Relay.create(), "replicator");
    ActorRef<Participant.Command> logWriter = host.spawn(Relay.create(), "log-writer");
    ActorRef<Participant.Command> prepareRelay = host.spawn(Relay.create(), "prepare-relay");
    host.spawn(Coordinator.create(ps, prepareRelay, logWriter, replicator), "coordinator");
  }

  /** Starts every transaction at once. */
  static final class Coordinator {
    static Behavior<Void> create(List<ActorRef<Participant.Command>> participants,
        ActorRef<Participant.Command> prepareRelay, ActorRef<Participant.Command> logWriter,
        ActorRef<Participant.Command> replicator) {
      return Behaviors.setup(ctx -> {
        for (int i = 0; i < participants.size(); i++) {
          ActorRef<Participant.Command> p = participants.get(i);
          prepareRelay.tell(new Relay.Forward(new Participant.Prepare(i + 1), List.of(p)));
          logWriter.tell(new Relay.Forward(new Participant.Commit(i + 1), List.of(replicator, p)));
        }
        return Behaviors.empty();
      });
    }
  }

  /** Passes a message one hop along its route. */
  static final class Relay {
    record Forward(Participant.Command payload, List<ActorRef<Participant.Command>> route)
        implements Participant.Command {}

    static Behavior<Participant.Command> create() {
      return Behaviors.receive(Participant.Command.class)
          .onMessage(Forward.class, Relay::onForward)
          .build();
    }

    private static Behavior<Participant.Command> onForward(Forward forward) {
      List<ActorRef<Participant.Command>> route = forward.route();
      if (route.size() == 1) {
        route.get(0).tell(forward.payload());
      } else {
        route.get(0).tell(new Forward(forward.payload(), route.subList(1, route.size())));
      }
      return Behaviors.same();
    }
  }

  /** Prepares, then commits; reports a COMMIT that comes first. */
  static final class Participant {
    interface Command {}

    record Prepare(int txn) implements Command {}

    record Commit(int txn) implements Command {}

    interface Observer {
      void violation(String line);
    }

    static Behavior<Command> create(int id, Observer observer) {
      return waiting(id, observer);
    }

    private static Behavior<Command> waiting(int id, Observer observer) {
      return Behaviors.receive(Command.class)
          .onMessage(Prepare.class, p -> prepared(id))
          .onMessage(Commit.class, c -> {
            observer.violation("participant-" + id + " received COMMIT of txn " + c.txn()
                + " before its PREPARE");
            return Behaviors.stopped();
          })
          .build();
    }

    private static Behavior<Command> prepared(int id) {
      return Behaviors.receive(Command.class)
          .onMessage(Commit.class, c -> Behaviors.stopped()) // committed: done
          .build();
    }
  }
}
