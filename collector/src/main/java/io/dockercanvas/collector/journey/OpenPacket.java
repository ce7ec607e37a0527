package io.dockercanvas.collector.journey;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * One packet in its stitching window: its observations so far. Guarded by its shard's lock; {@link
 * #soFar} is a view, read only under that lock.
 */
final class OpenPacket {

  final long id;
  final long fingerprint;
  final long firstArrivalNs;
  private static final Observation[] NONE = new Observation[0];

  private Observation[] observations = new Observation[8];
  private int count;

  /** Changed since its last progressive update was taken. */
  boolean changed;

  boolean closed;

  private final List<Observation> soFar = new View();

  OpenPacket(long id, long fingerprint, long firstArrivalNs) {
    this.id = id;
    this.fingerprint = fingerprint;
    this.firstArrivalNs = firstArrivalNs;
  }

  int count() {
    return count;
  }

  void add(Observation o) {
    if (count == observations.length) { // more than 8 points saw it: rare
      observations = Arrays.copyOf(observations, count * 2);
    }
    observations[count++] = o;
  }

  List<Observation> soFar() {
    return soFar;
  }

  /** Drops the observations of a closed packet, once its journey is out. */
  void release() {
    observations = NONE;
    count = 0;
  }

  /** A copy of the observations, to assemble outside the lock. */
  List<Observation> snapshot() {
    return List.of(Arrays.copyOf(observations, count));
  }

  private final class View extends AbstractList<Observation> implements RandomAccess {
    @Override
    public Observation get(int index) {
      if (index >= count) {
        throw new IndexOutOfBoundsException(index);
      }
      return observations[index];
    }

    @Override
    public int size() {
      return count;
    }
  }
}
