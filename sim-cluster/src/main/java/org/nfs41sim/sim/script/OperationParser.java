package org.nfs41sim.sim.script;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.script.Step.IdOverride;

/**
 * Parses the fields of one operation step ({@code { c1 = OPEN, file = f1, as = o1 }}) into a
 * {@link Step.Call}, checking each field's type and each named result against the names that
 * earlier steps bound with {@code as}.
 */
final class OperationParser {
  /** Names a named result may not take: they mean something else where stateids are written. */
  static final Set<String> RESERVED_NAMES = Set.of("READ", "WRITE", "NONE", "anonymous");

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern SEQID = Pattern.compile("seqid([+-])(\\d{1,9})");
  private static final List<String> COMMON = List.of("as", "expect", "client-id", "session-id");
  private static final List<String> DELEGATION_TYPES = List.of("READ", "WRITE", "NONE");

  /** The SEQ4_STATUS_* flags a SEQUENCE step may name, in their order on the wire. */
  private static final Map<String, Integer> SEQUENCE_FLAGS = orderedFlags();

  /** The fields each operation takes besides {@link #COMMON} and the client. */
  static final Map<String, List<String>> FIELDS = Map.ofEntries(
      Map.entry("EXCHANGE_ID", List.of("owner-id", "new-client-id")),
      Map.entry("CREATE_SESSION", List.of("back-channel")),
      Map.entry("BIND_CONN_TO_SESSION", List.of()),
      Map.entry("SEQUENCE", List.of("reclaim-needed", "flags")),
      Map.entry("DESTROY_SESSION", List.of()),
      Map.entry("OPEN", List.of("file", "claim", "access", "deny", "owner", "create", "delegate-type",
          "delegation", "recall")),
      Map.entry("CLOSE", List.of("stateid")),
      Map.entry("LOCK", List.of("type", "offset", "length", "reclaim", "open", "lock-owner", "lock", "denied")),
      Map.entry("LOCKT", List.of("file", "type", "offset", "length", "lock-owner", "denied")),
      Map.entry("LOCKU", List.of("lock", "type", "offset", "length")),
      Map.entry("DELEGRETURN", List.of("delegation")),
      Map.entry("RECLAIM_COMPLETE", List.of()),
      Map.entry("SETATTR", List.of("file", "stateid")),
      Map.entry("REMOVE", List.of("file")));

  /** Operations whose result {@code as} can name: those that return a stateid. */
  private static final Set<String> NAMEABLE = Set.of("OPEN", "LOCK", "LOCKU", "CLOSE");

  private final List<String> clients;
  private final Map<String, String> named;

  /** @param named the results bound by earlier steps: name to the operation that bound it */
  OperationParser(List<String> clients, Map<String, String> named) {
    this.clients = clients;
    this.named = named;
  }

  private static Map<String, Integer> orderedFlags() {
    Map<String, Integer> flags = new LinkedHashMap<>();
    for (int bit : new int[] {SequenceFlags.CB_PATH_DOWN, SequenceFlags.RECALLABLE_STATE_REVOKED,
        SequenceFlags.RESTART_RECLAIM_NEEDED}) {
      flags.put(SequenceFlags.names(bit).get(0), bit);
    }
    return java.util.Collections.unmodifiableMap(flags);
  }

  /** Every field name any step may use, so that no client can be called like one. */
  static Set<String> allFieldNames() {
    Set<String> all = new LinkedHashSet<>(COMMON);
    FIELDS.values().forEach(all::addAll);
    return all;
  }

  Step.Call parse(int number, String where, String client, String op, Fields f) {
    List<String> allowed = new ArrayList<>(COMMON);
    allowed.addAll(FIELDS.get(op));
    allowed.add(client);
    f.onlyThese(allowed, op);
    Operation operation = operation(client, op, f);
    Expectation expect = expectation(op, operation, f);
    String as = null;
    if (f.has("as")) {
      as = f.string("as");
      if (!NAMEABLE.contains(op)) {
        throw f.invalid("as", "names nothing: " + op + " returns no stateid (as works on OPEN, LOCK, LOCKU, CLOSE)");
      }
      if (!NAME.matcher(as).matches() || RESERVED_NAMES.contains(as)) {
        throw f.invalid("as", "is not a usable name (a letter, then letters, digits, _ or -; not READ, WRITE,"
            + " NONE or anonymous)");
      }
    }
    return new Step.Call(number, where, client, operation, expect, as, idOverride(f, "client-id"),
        idOverride(f, "session-id"));
  }

  private Operation operation(String client, String op, Fields f) {
    return switch (op) {
      case "EXCHANGE_ID" -> new Operation.ExchangeId(f.string("owner-id", client));
      case "CREATE_SESSION" -> new Operation.CreateSession(f.bool("back-channel", true));
      case "BIND_CONN_TO_SESSION" -> new Operation.BindConnToSession();
      case "SEQUENCE" -> new Operation.Sequence();
      case "DESTROY_SESSION" -> new Operation.DestroySession();
      case "OPEN" -> open(client, f);
      case "CLOSE" -> new Operation.Close(ref(f, "stateid"));
      case "LOCK" -> lock(client, f);
      case "LOCKT" -> new Operation.Lockt(f.string("file"), f.constant("type", LockType.class, LockType.WRITE_LT),
          f.u64("offset", 0, false), f.u64("length", Fields.UINT64_MAX, true), f.string("lock-owner", client));
      case "LOCKU" -> new Operation.Locku(ref(f, "lock"), f.constant("type", LockType.class, LockType.WRITE_LT),
          f.u64("offset", 0, false), f.u64("length", Fields.UINT64_MAX, true));
      case "DELEGRETURN" -> new Operation.DelegReturn(ref(f, "delegation"));
      case "RECLAIM_COMPLETE" -> new Operation.ReclaimComplete();
      case "SETATTR" -> new Operation.Setattr(f.string("file"),
          f.has("stateid") ? ref(f, "stateid") : new StateIdRef.MadeUp(StateId.ANONYMOUS, "anonymous"));
      case "REMOVE" -> new Operation.Remove(f.string("file"));
      default -> throw new IllegalStateException("no parser for " + op);
    };
  }

  private Operation.Open open(String client, Fields f) {
    OpenClaimType claim = f.constant("claim", OpenClaimType.class, OpenClaimType.CLAIM_NULL);
    if (f.has("delegate-type") && claim != OpenClaimType.CLAIM_PREVIOUS) {
      throw f.invalid("delegate-type", "is only for claim = CLAIM_PREVIOUS (the delegation it reclaims)");
    }
    if (f.has("create") && claim != OpenClaimType.CLAIM_NULL) {
      throw f.invalid("create", "is only for claim = CLAIM_NULL (OPEN4_CREATE, RFC 8881 §18.16)");
    }
    StateIdRef delegation = null;
    boolean presents = f.has("delegation") && !isDelegationType(f);
    if (claim == OpenClaimType.CLAIM_DELEG_CUR_FH) {
      if (!presents) {
        throw f.error("delegation", "is missing: claim = CLAIM_DELEG_CUR_FH presents the delegation stateid it"
            + " opens under (delegation = o1.delegation)");
      }
      delegation = ref(f, "delegation");
    } else if (presents) {
      throw f.invalid("delegation", "is a stateid, which only claim = CLAIM_DELEG_CUR_FH presents; to check the"
          + " delegation granted write READ, WRITE or NONE");
    }
    return new Operation.Open(f.string("file"), claim, f.constant("access", ShareAccess.class, ShareAccess.READ),
        f.constant("deny", ShareDeny.class, ShareDeny.NONE), f.string("owner", client), f.bool("create", false),
        f.constant("delegate-type", OpenDelegationType.class, OpenDelegationType.NONE), delegation);
  }

  private Operation.Lock lock(String client, Fields f) {
    boolean open = f.has("open");
    boolean lock = f.has("lock");
    if (open == lock) {
      throw f.error(open ? "lock" : "open", open
          ? "cannot be given with open: a LOCK names a new lock owner (open = o1, lock-owner = x) or an"
              + " existing lock stateid (lock = l1), not both"
          : "is missing: a LOCK needs open = <open result> (a new lock owner) or lock = <lock result>");
    }
    if (lock && f.has("lock-owner")) {
      throw f.invalid("lock-owner", "goes with open = ...; an existing lock stateid already names its owner");
    }
    return new Operation.Lock(f.constant("type", LockType.class, LockType.WRITE_LT), f.u64("offset", 0, false),
        f.u64("length", Fields.UINT64_MAX, true), f.bool("reclaim", false), open ? ref(f, "open") : null,
        open ? f.string("lock-owner", client) : null, lock ? ref(f, "lock") : null);
  }

  private Expectation expectation(String op, Operation operation, Fields f) {
    Expectation.Denied denied = f.has("denied") ? denied(f) : null;
    Set<NfsStat4> statuses = new LinkedHashSet<>();
    if (f.has("expect")) {
      statuses.addAll(statuses(f));
      if (denied != null && !statuses.isEmpty() && !statuses.contains(NfsStat4.NFS4ERR_DENIED)) {
        throw f.invalid("denied", "is checked only on a DENIED reply, which expect does not allow");
      }
    } else {
      statuses.add(denied != null ? NfsStat4.NFS4ERR_DENIED : NfsStat4.NFS4_OK);
    }
    OpenDelegationType delegation = null;
    if (operation instanceof Operation.Open && isDelegationType(f)) {
      delegation = OpenDelegationType.valueOf(f.string("delegation"));
    }
    return new Expectation(Set.copyOf(statuses), delegation, f.optionalBool("recall"), denied,
        f.optionalBool("reclaim-needed"), f.has("flags") ? flags(f) : null, f.optionalBool("new-client-id"));
  }

  /** SEQUENCE's flags = [CB_PATH_DOWN, ...]: the exact set expected, as bits; [] for none. */
  private static int flags(Fields f) {
    ConfigValue v = f.value("flags");
    if (v.valueType() != ConfigValueType.LIST) {
      throw f.invalid("flags", "is not a list of flags [CB_PATH_DOWN, ...] ([] for none)");
    }
    int bits = 0;
    for (ConfigValue element : (ConfigList) v) {
      String name = element.valueType() == ConfigValueType.STRING ? ((String) element.unwrapped()).strip() : "";
      Integer bit = SEQUENCE_FLAGS.get(name);
      if (bit == null) {
        throw f.invalid("flags", "names no flag: " + Fields.render(element)
            + Fields.suggestion(name, SEQUENCE_FLAGS.keySet()) + " (flags are "
            + String.join(", ", SEQUENCE_FLAGS.keySet()) + ")");
      }
      bits |= bit;
    }
    return bits;
  }

  private static List<NfsStat4> statuses(Fields f) {
    ConfigValue v = f.value("expect");
    List<ConfigValue> values = new ArrayList<>();
    if (v.valueType() == ConfigValueType.LIST) {
      values.addAll((ConfigList) v);
    } else {
      values.add(v);
    }
    List<NfsStat4> out = new ArrayList<>();
    for (ConfigValue value : values) {
      if (value.valueType() != ConfigValueType.STRING) {
        throw f.invalid("expect", "is not a status or a list of statuses");
      }
      String name = ((String) value.unwrapped()).strip();
      if (name.equals("any") && values.size() == 1) {
        return List.of();
      }
      NfsStat4 status = Statuses.parse(name);
      if (status == null) {
        throw f.invalid("expect", "names no status: " + name + Fields.suggestion(name, Statuses.shortNames())
            + " (write OK, DELAY, ... or NFS4_OK, NFS4ERR_DELAY, ...; or any)");
      }
      out.add(status);
    }
    if (out.isEmpty()) {
      throw f.invalid("expect", "is empty (write any to accept every status)");
    }
    return out;
  }

  private Expectation.Denied denied(Fields f) {
    Fields d = f.child("denied", f.context() + " denied");
    d.onlyThese(List.of("owner", "offset", "length", "type", "client"), "denied");
    String client = d.has("client") ? client(d, "client") : null;
    return new Expectation.Denied(d.has("owner") ? d.string("owner") : null,
        d.has("offset") ? d.u64("offset", 0, false) : null,
        d.has("length") ? d.u64("length", 0, true) : null,
        d.has("type") ? d.constant("type", LockType.class) : null, client);
  }

  private static boolean isDelegationType(Fields f) {
    ConfigValue v = f.object().get("delegation");
    return v != null && v.valueType() == ConfigValueType.STRING && DELEGATION_TYPES.contains(v.unwrapped());
  }

  private IdOverride idOverride(Fields f, String name) {
    if (!f.has(name)) {
      return null;
    }
    ConfigValue v = f.value(name);
    String text = v.valueType() == ConfigValueType.NUMBER || v.valueType() == ConfigValueType.STRING
        ? v.atKey("v").getString("v").strip() : "";
    if (clients.contains(text)) {
      return new IdOverride(null, text);
    }
    try {
      return new IdOverride(Long.parseUnsignedLong(text), null);
    } catch (NumberFormatException e) {
      throw f.invalid(name, "is neither a number nor a client (" + String.join(", ", clients) + ")");
    }
  }

  String client(Fields f, String name) {
    String c = f.string(name);
    if (!clients.contains(c)) {
      throw f.invalid(name, "is not a client of this script (clients = [" + String.join(", ", clients) + "])"
          + Fields.suggestion(c, clients));
    }
    return c;
  }

  /** A stateid field: a named result (string) or a made-up stateid (object). */
  StateIdRef ref(Fields f, String name) {
    ConfigValue v = f.value(name);
    if (v.valueType() == ConfigValueType.OBJECT) {
      return madeUp(f.child(name, f.context() + " " + name), Fields.render(v));
    }
    if (v.valueType() != ConfigValueType.STRING) {
      throw f.invalid(name, "is not a stateid (a named result such as o1 or o1.delegation, or"
          + " { epoch = 1, serial = 9, seqid = 1 })");
    }
    return named(f, name, ((String) v.unwrapped()).strip());
  }

  private StateIdRef named(Fields f, String field, String text) {
    if (text.equals("anonymous")) {
      return new StateIdRef.MadeUp(StateId.ANONYMOUS, text);
    }
    String[] parts = text.split("\\.", -1);
    String name = parts[0];
    if (!named.containsKey(name)) {
      throw f.invalid(field, "refers to no named result '" + name + "': no earlier step has as = " + name
          + Fields.suggestion(name, named.keySet()));
    }
    boolean delegation = false;
    int delta = 0;
    int i = 1;
    if (i < parts.length && parts[i].equals("delegation")) {
      if (!named.get(name).equals("OPEN")) {
        throw f.invalid(field, "asks for the delegation of " + name + ", which names a " + named.get(name)
            + " result, not an OPEN");
      }
      delegation = true;
      i++;
    }
    if (i < parts.length) {
      Matcher m = SEQID.matcher(parts[i]);
      if (!m.matches()) {
        throw f.invalid(field, "is not NAME, NAME.delegation, optionally followed by .seqid-N or .seqid+N");
      }
      delta = Integer.parseInt(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
      i++;
    }
    if (i < parts.length) {
      throw f.invalid(field, "is not NAME, NAME.delegation, optionally followed by .seqid-N or .seqid+N");
    }
    return new StateIdRef.Named(name, delegation, delta, text);
  }

  private StateIdRef madeUp(Fields s, String text) {
    s.onlyThese(List.of("like", "epoch", "serial", "seqid"), "a stateid");
    Integer epoch = s.has("epoch") ? (int) s.whole("epoch", 0, Integer.MAX_VALUE) : null;
    Long serial = s.has("serial") ? s.whole("serial", 0, Long.MAX_VALUE) : null;
    Integer seqid = s.has("seqid") ? (int) s.whole("seqid", 0, Integer.MAX_VALUE) : null;
    if (s.has("like")) {
      return new StateIdRef.Like(named(s, "like", s.string("like")), epoch, serial, seqid, text);
    }
    if (epoch == null || serial == null) {
      throw s.error(epoch == null ? "epoch" : "serial", "is missing: a made-up stateid needs epoch and serial"
          + " (seqid defaults to 1), or like = <named result>");
    }
    return new StateIdRef.MadeUp(new StateId(seqid == null ? 1 : seqid, epoch, serial), text);
  }
}
