package org.nfs41sim.sim.net;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Rewrites the refs a message carries (its {@code replyTo}, a callback ref, refs inside nested
 * records and lists) into links from the message's destination host, so that whatever is sent
 * back crosses the network too. Refs are found in records (nested too) and lists; a ref inside any
 * other container (an Optional, a set, a map, an array, a plain class) is not rewritten, and the
 * reply to it would skip the network: messages that cross hosts must not carry refs that way.
 */
final class RefRewriter {
  private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
    @Override
    protected Shape computeValue(Class<?> type) {
      return Shape.of(type);
    }
  };

  private final Network network;

  RefRewriter(Network network) {
    this.network = network;
  }

  /** The message as the destination host must see it; the same object when it carries no ref. */
  Object rewrite(Object message, Host destination) {
    if (message instanceof ActorRef<?> ref) {
      return network.link(destination, ref);
    }
    if (message instanceof Record record) {
      return rewriteRecord(record, destination);
    }
    if (message instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      boolean changed = false;
      for (Object element : list) {
        Object r = rewrite(element, destination);
        changed |= r != element;
        out.add(r);
      }
      return changed ? List.copyOf(out) : list;
    }
    return message;
  }

  private Object rewriteRecord(Record record, Host destination) {
    Shape shape = SHAPES.get(record.getClass());
    Object[] values = new Object[shape.components.length];
    boolean changed = false;
    try {
      for (int i = 0; i < values.length; i++) {
        Object value = shape.components[i].getAccessor().invoke(record);
        Object r = rewrite(value, destination);
        changed |= r != value;
        values[i] = r;
      }
      return changed ? shape.constructor.newInstance(values) : record;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rewrite the refs of " + record.getClass().getName(), e);
    }
  }

  private record Shape(RecordComponent[] components, Constructor<?> constructor) {
    static Shape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        components[i].getAccessor().setAccessible(true);
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return new Shape(components, constructor);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
      }
    }
  }
}
