package org.nfs41sim.sim.runtime;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;

/**
 * The message queue of one actor under the driver. Besides holding messages in order, it notes
 * for each one the actor that sent it (the one whose run was in progress) and the event that
 * caused it, and it announces each delivery to the driver, which gives it its event id.
 *
 * <p>Only the driver thread touches it: a foreign enqueue fails the run and is dropped, never mixed in.
 */
public final class ActorQueue implements MessageQueue, UnboundedMessageQueueSemantics {
  private final Driver driver;
  /** The actor's path without address or uid: stable across runs and systems. */
  final String label;
  final Task task;
  /** The harness's own actors: their deliveries are not events of the run. */
  boolean hidden;
  /** The last event delivered to this actor: the cause of what it sends outside a delivery. */
  long lastEvent;

  // A ring buffer of parallel arrays, so that a message costs no allocation of ours.
  private Envelope[] envelopes = new Envelope[4];
  private ActorQueue[] senders = new ActorQueue[4];
  private long[] causes = new long[4];
  private int head;
  private int size;

  ActorQueue(Driver driver, String label) {
    this.driver = driver;
    this.label = label;
    this.task = new Task(null, this, true);
  }

  /** The path of the actor this queue belongs to, e.g. {@code /user/run/server}. */
  public String label() {
    return label;
  }

  @Override
  public void enqueue(ActorRef receiver, Envelope handle) {
    if (!driver.onDriverThread()) {
      driver.foreignSubmission("a message to " + label);
      return;
    }
    if (size == envelopes.length) {
      grow();
    }
    int tail = (head + size) & (envelopes.length - 1);
    envelopes[tail] = handle;
    senders[tail] = driver.currentActor();
    causes[tail] = driver.currentEvent();
    size++;
  }

  @Override
  public Envelope dequeue() {
    if (size == 0) {
      return null;
    }
    Envelope envelope = envelopes[head];
    ActorQueue sender = senders[head];
    long cause = causes[head];
    envelopes[head] = null;
    senders[head] = null;
    head = (head + 1) & (envelopes.length - 1);
    size--;
    driver.delivered(this, sender, cause, envelope.message());
    return envelope;
  }

  @Override
  public int numberOfMessages() {
    return size;
  }

  @Override
  public boolean hasMessages() {
    return size > 0;
  }

  @Override
  public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
    Envelope envelope;
    while ((envelope = dequeueQuietly()) != null) {
      deadLetters.enqueue(owner, envelope);
    }
    driver.forget(this);
  }

  /** The messages still queued, oldest first, for the pending probe. */
  List<Object> pendingMessages() {
    List<Object> messages = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      messages.add(envelopes[(head + i) & (envelopes.length - 1)].message());
    }
    return messages;
  }

  private Envelope dequeueQuietly() {
    if (size == 0) {
      return null;
    }
    Envelope envelope = envelopes[head];
    envelopes[head] = null;
    senders[head] = null;
    head = (head + 1) & (envelopes.length - 1);
    size--;
    return envelope;
  }

  private void grow() {
    int n = envelopes.length;
    Envelope[] e = new Envelope[n * 2];
    ActorQueue[] s = new ActorQueue[n * 2];
    long[] c = new long[n * 2];
    for (int i = 0; i < size; i++) {
      int j = (head + i) & (n - 1);
      e[i] = envelopes[j];
      s[i] = senders[j];
      c[i] = causes[j];
    }
    envelopes = e;
    senders = s;
    causes = c;
    head = 0;
  }
}
