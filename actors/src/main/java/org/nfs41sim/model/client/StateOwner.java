package org.nfs41sim.model.client;

import java.util.ArrayList;
import java.util.List;

/** struct nfs4_state_owner: an open owner (here, one per process), its states and reclaim seqcount. */
final class StateOwner {
  final String name;
  final SeqCount reclaimSeqcount = new SeqCount();
  final List<OpenState> states = new ArrayList<>();

  StateOwner(String name) {
    this.name = name;
  }
}
