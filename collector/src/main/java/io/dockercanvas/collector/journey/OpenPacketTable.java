package io.dockercanvas.collector.journey;

/**
 * Open packets of one stitcher shard by fingerprint: open addressing on primitive keys (no boxed
 * Long, no entry objects), linear probing, deletion by backward shift. Fixed capacity: the shard's
 * bound on open packets keeps it at most half full. Not thread-safe (its shard locks).
 */
final class OpenPacketTable {

  private final long[] keys;
  private final OpenPacket[] values;
  private final int mask;
  private int size;

  OpenPacketTable(int maxEntries) {
    int capacity = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) * 2;
    keys = new long[capacity];
    values = new OpenPacket[capacity];
    mask = capacity - 1;
  }

  OpenPacket get(long key) {
    for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
    }
    return null;
  }

  void put(long key, OpenPacket value) {
    int i = slot(key);
    while (values[i] != null && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] == null) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  void remove(long key) {
    int i = slot(key);
    while (values[i] != null && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] == null) {
      return;
    }
    size--;
    // shift later entries of the probe run back so that lookups never stop at the hole
    int hole = i;
    for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      boolean movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    values[hole] = null;
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
