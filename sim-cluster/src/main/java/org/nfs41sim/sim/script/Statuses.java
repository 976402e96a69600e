package org.nfs41sim.sim.script;

import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.protocol.nfs.NfsStat4;

/** nfsstat4 names as scripts write them: the short form ({@code OK}, {@code DELAY}) or the full one. */
final class Statuses {
  private Statuses() {}

  /** The status {@code name} names ({@code OK}, {@code NFS4_OK}, {@code DELAY}, {@code NFS4ERR_DELAY}), or null. */
  static NfsStat4 parse(String name) {
    for (NfsStat4 s : NfsStat4.values()) {
      if (s.shortName().equals(name) || s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Every short name, for error messages. */
  static List<String> shortNames() {
    List<String> names = new ArrayList<>();
    for (NfsStat4 s : NfsStat4.values()) {
      names.add(s.shortName());
    }
    return names;
  }
}
