package io.dockercanvas.collector.store;

/**
 * How full a store is: {@code kept} of {@code seen} are still there; the oldest roll off beyond
 * capacity.
 */
public record StoreStatus(long kept, long seen, int capacity) {

  @Override
  public String toString() {
    return kept + " of " + seen + " kept (capacity " + capacity + ")";
  }
}
