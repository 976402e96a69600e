package org.nfs41sim.sim.runtime;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import scala.Option;

/**
 * {@code pekko.actor.default-mailbox.mailbox-type} in deterministic mode: gives every actor an
 * {@link ActorQueue} bound to the driver of its system.
 */
public final class ControlledMailboxType implements MailboxType, ProducesMessageQueue<ActorQueue> {

  public ControlledMailboxType(ActorSystem.Settings settings, Config config) {}

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    if (system.isEmpty() || !(system.get().scheduler() instanceof VirtualTimeScheduler scheduler)) {
      throw new IllegalStateException(
          "the controlled mailbox needs pekko.scheduler.implementation = "
              + VirtualTimeScheduler.class.getName());
    }
    String label = owner.isDefined() ? owner.get().path().toStringWithoutAddress() : "(no owner)";
    return scheduler.driver().newQueue(label);
  }
}
