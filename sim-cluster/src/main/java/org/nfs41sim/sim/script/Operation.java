package org.nfs41sim.sim.script;

import java.util.List;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;

/**
 * An operation a script client sends, with its arguments as the script gave them (stateids still
 * references). The client id and session id are added when the step runs.
 */
sealed interface Operation {
  /** The operations a script may send, as RFC 8881 §18 names them. */
  List<String> NAMES = List.of("EXCHANGE_ID", "CREATE_SESSION", "BIND_CONN_TO_SESSION", "SEQUENCE",
      "DESTROY_SESSION", "OPEN", "CLOSE", "LOCK", "LOCKT", "LOCKU", "DELEGRETURN", "RECLAIM_COMPLETE", "SETATTR",
      "REMOVE");

  /** The operation's name as RFC 8881 writes it. */
  String name();

  /** EXCHANGE_ID (§18.35) for the client owner {@code ownerId}. */
  record ExchangeId(String ownerId) implements Operation {
    public String name() {
      return "EXCHANGE_ID";
    }
  }

  /** CREATE_SESSION (§18.36), handing the server the client's back channel unless told not to. */
  record CreateSession(boolean backChannel) implements Operation {
    public String name() {
      return "CREATE_SESSION";
    }
  }

  /** BIND_CONN_TO_SESSION (§18.34): the connection to the client's session, both channels. */
  record BindConnToSession() implements Operation {
    public String name() {
      return "BIND_CONN_TO_SESSION";
    }
  }

  /** SEQUENCE alone (§18.46). */
  record Sequence() implements Operation {
    public String name() {
      return "SEQUENCE";
    }
  }

  /** DESTROY_SESSION (§18.37). */
  record DestroySession() implements Operation {
    public String name() {
      return "DESTROY_SESSION";
    }
  }

  /** OPEN (§18.16); {@code delegation} is the stateid a CLAIM_DELEG_CUR_FH open presents. */
  record Open(String file, OpenClaimType claim, ShareAccess access, ShareDeny deny, String owner, boolean create,
      OpenDelegationType delegateType, StateIdRef delegation) implements Operation {
    public String name() {
      return "OPEN";
    }
  }

  /** CLOSE (§18.2). */
  record Close(StateIdRef stateId) implements Operation {
    public String name() {
      return "CLOSE";
    }
  }

  /** LOCK (§18.10): either {@code open} and {@code lockOwner} (a new lock owner) or {@code lock}. */
  record Lock(LockType type, long offset, long length, boolean reclaim, StateIdRef open, String lockOwner,
      StateIdRef lock) implements Operation {
    public String name() {
      return "LOCK";
    }
  }

  /** LOCKT (§18.11). */
  record Lockt(String file, LockType type, long offset, long length, String lockOwner) implements Operation {
    public String name() {
      return "LOCKT";
    }
  }

  /** LOCKU (§18.12). */
  record Locku(StateIdRef lock, LockType type, long offset, long length) implements Operation {
    public String name() {
      return "LOCKU";
    }
  }

  /** DELEGRETURN (§18.6). */
  record DelegReturn(StateIdRef delegation) implements Operation {
    public String name() {
      return "DELEGRETURN";
    }
  }

  /** RECLAIM_COMPLETE (§18.51), global. */
  record ReclaimComplete() implements Operation {
    public String name() {
      return "RECLAIM_COMPLETE";
    }
  }

  /** SETATTR (§18.30) on {@code file}, with {@code stateId} (the anonymous stateid by default). */
  record Setattr(String file, StateIdRef stateId) implements Operation {
    public String name() {
      return "SETATTR";
    }
  }

  /** REMOVE (§18.25) of {@code file}. */
  record Remove(String file) implements Operation {
    public String name() {
      return "REMOVE";
    }
  }
}
