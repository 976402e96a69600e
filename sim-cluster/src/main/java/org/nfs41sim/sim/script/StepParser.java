package org.nfs41sim.sim.script;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.sim.config.ConfigError;

/**
 * Parses the steps of a script in order, keeping the named results each step brings into scope,
 * so that a reference to a name no earlier step bound is rejected before anything runs.
 */
final class StepParser {
  /** The keys that make a step something other than an operation. */
  static final List<String> KINDS = List.of("advance", "reboot", "expect-callback", "expect-no-callback", "callbacks");

  /** How long expect-callback and expect-no-callback wait when the script does not say. */
  static final Duration DEFAULT_WITHIN = Duration.ofSeconds(1);

  private final List<String> clients;
  private final Map<String, String> named = new TreeMap<>();
  private final OperationParser operations;

  StepParser(List<String> clients) {
    this.clients = clients;
    this.operations = new OperationParser(clients, named);
  }

  List<Step> parse(List<? extends ConfigValue> values) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      steps.add(step(i + 1, values.get(i)));
    }
    return List.copyOf(steps);
  }

  private Step step(int number, ConfigValue value) {
    String context = "step " + number;
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw ConfigError.at(value.origin(), context + " = " + Fields.render(value) + " is not an object { ... }");
    }
    Fields f = new Fields((ConfigObject) value, context);
    String where = where(value.origin());
    List<String> kinds = f.names().stream().filter(KINDS::contains).toList();
    if (kinds.size() > 1) {
      throw f.error(kinds.get(1), "cannot share a step with " + kinds.get(0) + ": one thing per step");
    }
    if (kinds.size() == 1) {
      String kind = kinds.get(0);
      f.onlyThese(List.of(kind), "a " + kind + " step");
      return switch (kind) {
        case "advance" -> new Step.Advance(number, where, f.duration("advance"));
        case "reboot" -> {
          f.word("reboot", List.of("server"));
          yield new Step.Reboot(number, where);
        }
        case "expect-callback" -> expectCallback(number, where, f.child(kind, context + " " + kind), true);
        case "expect-no-callback" -> expectCallback(number, where, f.child(kind, context + " " + kind), false);
        default -> new Step.SetCallbacks(number, where, policies(f.child(kind, context + " callbacks"), clients));
      };
    }
    return call(number, where, f);
  }

  private Step.Call call(int number, String where, Fields f) {
    List<String> named = f.names().stream().filter(clients::contains).toList();
    if (named.size() > 1) {
      throw f.error(named.get(1), "is a second client in one step (" + named.get(0) + " is the first):"
          + " a step is one client's operation");
    }
    if (named.isEmpty()) {
      for (String key : f.names()) {
        ConfigValue v = f.object().get(key);
        if (v.valueType() == ConfigValueType.STRING && Operation.NAMES.contains(v.unwrapped())) {
          throw f.error(key, "is not a client of this script (clients = [" + String.join(", ", clients) + "])"
              + Fields.suggestion(key, clients));
        }
      }
      throw ConfigError.at(f.origin(), f.context() + ": a step is CLIENT = OPERATION (clients = ["
          + String.join(", ", clients) + "]) or one of " + String.join(", ", KINDS));
    }
    String client = named.get(0);
    String op = f.string(client);
    if (!Operation.NAMES.contains(op)) {
      throw f.invalid(client, "is not an operation" + Fields.suggestion(op, Operation.NAMES) + "; scripts send "
          + String.join(", ", Operation.NAMES));
    }
    Fields opFields = new Fields(f.object(), f.context() + " (" + client + " " + op + ")");
    Step.Call call = operations.parse(number, where, client, op, opFields);
    if (call.as() != null) {
      this.named.put(call.as(), op);
    }
    return call;
  }

  private Step expectCallback(int number, String where, Fields f, boolean expected) {
    List<String> allowed = expected
        ? List.of("client", "op", "file", "delegation", "within") : List.of("client", "op", "file", "within");
    f.onlyThese(allowed, expected ? "expect-callback" : "expect-no-callback");
    String client = f.has("client") ? operations.client(f, "client") : null;
    if (client == null) {
      throw f.error("client", "is missing: whose back channel to watch");
    }
    if (f.has("op")) {
      f.word("op", List.of("CB_RECALL"));
    }
    String file = f.has("file") ? f.string("file") : null;
    Duration within = f.duration("within", DEFAULT_WITHIN);
    if (expected) {
      StateIdRef delegation = f.has("delegation") ? operations.ref(f, "delegation") : null;
      return new Step.ExpectCallback(number, where, client, file, delegation, within);
    }
    return new Step.ExpectNoCallback(number, where, client, file, within);
  }

  /** A callbacks block: client = policy, for declared clients. */
  static Map<String, CallbackPolicy> policies(Fields f, List<String> clients) {
    Map<String, CallbackPolicy> policies = new LinkedHashMap<>();
    for (String client : f.names()) {
      if (!clients.contains(client)) {
        throw f.error(client, "is not a client of this script (clients = [" + String.join(", ", clients) + "])"
            + Fields.suggestion(client, clients));
      }
      CallbackPolicy policy = CallbackPolicy.parse(f.string(client));
      if (policy == null) {
        throw f.invalid(client, "is not a callback policy: write ok, return, ignore or reply STATUS (e.g."
            + " reply NFS4ERR_BADHANDLE)");
      }
      policies.put(client, policy);
    }
    return policies;
  }

  /** file:line of an origin. */
  static String where(ConfigOrigin origin) {
    String file = origin.filename() != null ? origin.filename()
        : origin.resource() != null ? origin.resource() : origin.withLineNumber(-1).description();
    return origin.lineNumber() >= 0 ? file + ":" + origin.lineNumber() : file;
  }
}
