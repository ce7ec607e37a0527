package io.dockercanvas.agent.cli;

import java.util.Arrays;

/** Frame counts per VXLAN VNI in an open-addressing table, so counting boxes nothing. */
final class VniCounts {
  private int[] keys = new int[64];
  private long[] counts = new long[64];
  private int size;

  VniCounts() {
    Arrays.fill(keys, -1);
  }

  void increment(int vni) {
    int slot = slotOf(vni, keys);
    if (keys[slot] == -1) {
      keys[slot] = vni;
      size++;
    }
    counts[slot]++;
    if (size * 2 > keys.length) {
      grow();
    }
  }

  /** The slot holding {@code vni}, or the empty slot where it belongs (linear probing). */
  private static int slotOf(int vni, int[] table) {
    int mask = table.length - 1;
    int slot = vni * 0x9E3779B9 & mask;
    while (table[slot] != -1 && table[slot] != vni) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new int[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    Arrays.fill(keys, -1);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != -1) {
        int slot = slotOf(oldKeys[i], keys);
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }

  /** The VNIs seen, in ascending order. */
  int[] vnis() {
    int[] result = new int[size];
    int n = 0;
    for (int key : keys) {
      if (key != -1) {
        result[n++] = key;
      }
    }
    Arrays.sort(result);
    return result;
  }

  long count(int vni) {
    int slot = slotOf(vni, keys);
    return keys[slot] == vni ? counts[slot] : 0;
  }
}
