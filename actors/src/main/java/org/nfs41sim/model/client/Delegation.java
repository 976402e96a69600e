package org.nfs41sim.model.client;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The client's copy of a delegation (kernel: struct nfs_delegation, fs/nfs/delegation.c): its
 * stateid and type, the flags of the kernel, and where it stands in its life. Every change goes
 * through {@link #apply}, which checks it against {@link #TRANSITIONS}, one table for both
 * variants; what may change together (detaching clears the inode's pointer and the server list
 * entry at once) is one call, made by the actor that owns the delegation.
 */
public final class Delegation {

  /** Where a delegation stands. */
  public enum State {
    /** On the inode and the server's list: recovery, CB_RECALL and cached opens can see it. */
    ATTACHED,
    /** With the seed: a return is claiming opens and locks while it stays attached (nfs_start_delegation_return). */
    RETURNING,
    /** Off the inode and the server's list: invisible to recovery and CB_RECALL (nfs_detach_delegation). */
    DETACHED,
    /** DELEGRETURN answered: the delegation has ended (nfs_do_return_delegation). */
    RETURNED,
    /** Still NEED_RECLAIM when reboot reclaim ended: freed without DELEGRETURN (nfs_delegation_reap_unclaimed). */
    REAPED,
    /** The server says it revoked the delegation: it has ended. */
    REVOKED
  }

  /** The kernel's delegation flags (NFS_DELEGATION_*) that the model keeps. */
  public enum Flag {
    /** Reboot recovery started and the delegation has not been reclaimed yet. */
    NEED_RECLAIM,
    /** The state manager should return it (CB_RECALL, or an aborted return). */
    RETURN,
    /** Used since renewd last looked. */
    REFERENCED,
    /** With the seed: mirrors {@link State#RETURNING}, the bit the seed commit adds. */
    RETURNING
  }

  /** What happens to a delegation; the kernel function that does it in the comment. */
  public enum Event {
    /** nfs_mark_return_delegation: CB_RECALL, or the abort of a return. */
    MARK_RETURN,
    /** nfs_delegation_mark_reclaim: reboot recovery begins. */
    MARK_RECLAIM,
    /** nfs_inode_reclaim_delegation: CLAIM_PREVIOUS gave it back, with a new stateid. */
    RECLAIMED,
    /** nfs_delegation_reap_unclaimed: reboot reclaim ended and it was not reclaimed. */
    REAP,
    /** A return begins: without the seed it detaches (nfs_detach_delegation); with it RETURNING is set. */
    START_RETURN,
    /** With the seed, nfs_abort_delegation_return: clear RETURNING, set RETURN, the state manager retries. */
    ABORT_RETURN,
    /** With the seed, nfs_end_delegation_return detaches just before DELEGRETURN. */
    DETACH,
    /** DELEGRETURN answered OK (or the stateid was already gone on the server). */
    RETURNED,
    /** DELEG_REVOKED and kin: the server no longer honours it. */
    REVOKED
  }

  /** One legal transition: in {@code from}, {@code event} leads to {@code to}, in the listed variants. */
  public record Transition(State from, Event event, State to, Set<ClientVariant> variants) {}

  private static final Set<ClientVariant> BOTH = EnumSet.allOf(ClientVariant.class);
  /** Without d25be546a86f: a return detaches the delegation first. */
  private static final Set<ClientVariant> DETACH_FIRST = variants(false);
  /** With it: RETURNING while attached. */
  private static final Set<ClientVariant> ATTACHED_RETURN = variants(true);

  /** Every legal transition; anything else is a bug in the model. */
  public static final List<Transition> TRANSITIONS = List.of(
      new Transition(State.ATTACHED, Event.MARK_RETURN, State.ATTACHED, BOTH),
      new Transition(State.ATTACHED, Event.MARK_RECLAIM, State.ATTACHED, BOTH),
      new Transition(State.ATTACHED, Event.RECLAIMED, State.ATTACHED, BOTH),
      new Transition(State.ATTACHED, Event.REAP, State.REAPED, BOTH),
      new Transition(State.ATTACHED, Event.START_RETURN, State.DETACHED, DETACH_FIRST),
      new Transition(State.ATTACHED, Event.START_RETURN, State.RETURNING, ATTACHED_RETURN),
      new Transition(State.ATTACHED, Event.REVOKED, State.REVOKED, BOTH),
      // A CB_RECALL of a delegation being returned just marks it again (§1.6, post-fix races).
      new Transition(State.RETURNING, Event.MARK_RETURN, State.RETURNING, ATTACHED_RETURN),
      // Reboot recovery sees a returning delegation: it is still attached.
      new Transition(State.RETURNING, Event.MARK_RECLAIM, State.RETURNING, ATTACHED_RETURN),
      new Transition(State.RETURNING, Event.RECLAIMED, State.RETURNING, ATTACHED_RETURN),
      new Transition(State.RETURNING, Event.REAP, State.REAPED, ATTACHED_RETURN),
      new Transition(State.RETURNING, Event.ABORT_RETURN, State.ATTACHED, ATTACHED_RETURN),
      new Transition(State.RETURNING, Event.DETACH, State.DETACHED, ATTACHED_RETURN),
      new Transition(State.RETURNING, Event.REVOKED, State.REVOKED, ATTACHED_RETURN),
      new Transition(State.DETACHED, Event.RETURNED, State.RETURNED, BOTH),
      new Transition(State.DETACHED, Event.REVOKED, State.REVOKED, BOTH));

  private static final Map<ClientVariant, Map<State, Map<Event, State>>> TABLE = index();

  private final long id;
  private final String file;
  private final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
  private StateId stateId;
  private OpenDelegationType type;
  private State state = State.ATTACHED;

  public Delegation(String file, StateId stateId, OpenDelegationType type) {
    this(0, file, stateId, type);
  }

  /** @param id the client's own name for it: its stateid changes when a reclaim gives it a new one */
  public Delegation(long id, String file, StateId stateId, OpenDelegationType type) {
    this.id = id;
    this.file = file;
    this.stateId = stateId;
    this.type = type;
  }

  public long id() {
    return id;
  }

  public String file() {
    return file;
  }

  public StateId stateId() {
    return stateId;
  }

  public OpenDelegationType type() {
    return type;
  }

  public State state() {
    return state;
  }

  public Set<Flag> flags() {
    return EnumSet.copyOf(flags);
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** Whether the inode and the server's list still point at it (recovery and CB_RECALL see it). */
  public boolean attached() {
    return state == State.ATTACHED || state == State.RETURNING;
  }

  /** The state {@code event} leads to from {@code from} in {@code variant}, or null when illegal. */
  public static State next(ClientVariant variant, State from, Event event) {
    return TABLE.get(variant).get(from).get(event);
  }

  /**
   * Applies {@code event}, with its effect on the flags; throws when the table forbids it (a
   * model bug, never a user's). {@code reclaimedStateId} and {@code reclaimedType} are the new
   * stateid and type for RECLAIMED, else null.
   */
  public void apply(ClientVariant variant, Event event, StateId reclaimedStateId,
      OpenDelegationType reclaimedType) {
    State to = next(variant, state, event);
    if (to == null) {
      throw new IllegalStateException("delegation of " + file + " " + stateId + ": " + event
          + " is not a transition of " + state + " in the " + variant + " client");
    }
    switch (event) {
      case MARK_RETURN -> flags.add(Flag.RETURN);
      case MARK_RECLAIM -> flags.add(Flag.NEED_RECLAIM);
      case RECLAIMED -> {
        flags.remove(Flag.NEED_RECLAIM);
        stateId = reclaimedStateId;
        type = reclaimedType;
      }
      case START_RETURN -> {
        flags.remove(Flag.RETURN); // test_and_clear_bit(RETURN) chose it
        if (to == State.RETURNING) {
          flags.add(Flag.RETURNING);
        }
      }
      case ABORT_RETURN -> {
        flags.remove(Flag.RETURNING);
        flags.add(Flag.RETURN);
      }
      default -> {
        // DETACH, RETURNED, REAP, REVOKED change only where it stands.
      }
    }
    state = to;
  }

  /** Sets or clears REFERENCED: a cached open or lock used it; renewd clears it. */
  public void markReferenced(boolean referenced) {
    if (referenced) {
      flags.add(Flag.REFERENCED);
    } else {
      flags.remove(Flag.REFERENCED);
    }
  }

  /**
   * can_open_delegated: an open may be cached under it when it is attached, not being returned,
   * not waiting for reclaim, and covers the access asked for. A delegation being returned is
   * refused in every variant: without the seed it has been detached, with it RETURNING is checked.
   */
  public boolean canOpenDelegated(ShareAccess access) {
    return state == State.ATTACHED && !flags.contains(Flag.NEED_RECLAIM) && covers(access);
  }

  /** Its type allows opens of this access: a READ delegation no write access. */
  public boolean covers(ShareAccess access) {
    return !access.writes() || type == OpenDelegationType.WRITE;
  }

  private static Set<ClientVariant> variants(boolean returnWhileAttached) {
    Set<ClientVariant> out = EnumSet.noneOf(ClientVariant.class);
    for (ClientVariant v : ClientVariant.values()) {
      if (v.has(KernelChange.RETURN_WHILE_ATTACHED) == returnWhileAttached) {
        out.add(v);
      }
    }
    return out;
  }

  private static Map<ClientVariant, Map<State, Map<Event, State>>> index() {
    Map<ClientVariant, Map<State, Map<Event, State>>> table = new EnumMap<>(ClientVariant.class);
    for (ClientVariant v : ClientVariant.values()) {
      Map<State, Map<Event, State>> byState = new EnumMap<>(State.class);
      for (State s : State.values()) {
        byState.put(s, new EnumMap<>(Event.class));
      }
      table.put(v, byState);
    }
    List<String> duplicates = new ArrayList<>();
    for (Transition t : TRANSITIONS) {
      for (ClientVariant v : t.variants()) {
        if (table.get(v).get(t.from()).put(t.event(), t.to()) != null) {
          duplicates.add(v + " " + t.from() + " " + t.event());
        }
      }
    }
    if (!duplicates.isEmpty()) {
      throw new IllegalStateException("transitions listed twice: " + duplicates);
    }
    return table;
  }
}
