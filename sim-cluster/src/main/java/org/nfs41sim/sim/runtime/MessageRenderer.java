package org.nfs41sim.sim.runtime;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a message as text that is the same in every run and every JVM: records and Scala case
 * classes field by field, actor refs by path (never with their random uid, and a link by the
 * actor it leads to), functions as {@code <fn>}, and nothing through an identity hash.
 */
public final class MessageRenderer {
  private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
    @Override
    protected RecordComponent[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      for (RecordComponent c : components) {
        c.getAccessor().setAccessible(true);
      }
      return components;
    }
  };

  private final Function<org.apache.pekko.actor.typed.ActorRef<?>, String> refLabel;

  /** The components of a record class, accessible, looked up once per class. */
  /** The message inside an adapter's envelope (Pekko's AdaptMessage), or the message itself. */
  public static Object payload(Object message) {
    if (message instanceof scala.Product p && p.productPrefix().equals("AdaptMessage") && p.productArity() > 0) {
      return p.productElement(0);
    }
    return message;
  }

  public static RecordComponent[] components(Class<?> recordClass) {
    return COMPONENTS.get(recordClass);
  }

  /** @param refLabel how to name a typed ref; the default is its path without address */
  public MessageRenderer(Function<org.apache.pekko.actor.typed.ActorRef<?>, String> refLabel) {
    this.refLabel = refLabel;
  }

  public MessageRenderer() {
    this(ref -> ref.path().toStringWithoutAddress());
  }

  public String render(Object message) {
    StringBuilder out = new StringBuilder(64);
    render(message, out, 0);
    return out.toString();
  }

  public void render(Object value, StringBuilder out, int depth) {
    if (depth > 8) {
      out.append("...");
    } else if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
        || value instanceof Character || value instanceof Enum<?>) {
      out.append(value);
    } else if (value instanceof byte[] bytes) {
      out.append("bytes[").append(java.util.HexFormat.of().formatHex(bytes)).append(']');
    } else if (value instanceof java.util.Optional<?> optional) {
      out.append("Optional[");
      render(optional.orElse(null), out, depth + 1);
      out.append(']');
    } else if (value instanceof org.apache.pekko.actor.typed.ActorRef<?> ref) {
      out.append(refLabel.apply(ref));
    } else if (value instanceof org.apache.pekko.actor.ActorRef ref) {
      out.append(ref.path().toStringWithoutAddress());
    } else if (value instanceof Record record) {
      renderRecord(record, out, depth);
    } else if (value instanceof scala.Product product && !(value instanceof scala.Function0<?>)) {
      renderProduct(product, out, depth);
    } else if (value instanceof Collection<?> collection) {
      out.append('[');
      boolean first = true;
      for (Object element : collection) {
        out.append(first ? "" : ", ");
        first = false;
        render(element, out, depth + 1);
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ", ");
        first = false;
        render(e.getKey(), out, depth + 1);
        out.append('=');
        render(e.getValue(), out, depth + 1);
      }
      out.append('}');
    } else if (value.getClass().isSynthetic() || value instanceof scala.Function1<?, ?>
        || value instanceof scala.Function2<?, ?, ?>) {
      out.append("<fn>");
    } else {
      out.append(value.getClass().getSimpleName()); // anything else may print an identity hash
    }
  }

  private void renderRecord(Record record, StringBuilder out, int depth) {
    out.append(record.getClass().getSimpleName()).append('[');
    RecordComponent[] components = COMPONENTS.get(record.getClass());
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(components[i].getName()).append('=');
      try {
        render(components[i].getAccessor().invoke(record), out, depth + 1);
      } catch (ReflectiveOperationException e) {
        out.append('?');
      }
    }
    out.append(']');
  }

  private void renderProduct(scala.Product product, StringBuilder out, int depth) {
    out.append(product.productPrefix()).append('(');
    for (int i = 0; i < product.productArity(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      render(product.productElement(i), out, depth + 1);
    }
    out.append(')');
  }
}
