package io.dockercanvas.collector.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A bounded store of the latest items: beyond its capacity the oldest roll off, which is normal
 * operation and never an error; {@link #status()} says how many are kept of how many were seen.
 * Listeners hear of each new item on the adding thread, after the item is stored, and must not
 * block. Thread-safe.
 */
public final class RingStore<T> {

  private final Object[] ring;
  private final List<Consumer<Stored<T>>> listeners = new CopyOnWriteArrayList<>();
  private long seen;

  public RingStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("store capacity must be at least 1, got " + capacity);
    }
    this.ring = new Object[capacity];
  }

  /** Stores an item and tells the listeners; returns its sequence number. */
  public long add(T item) {
    Stored<T> stored;
    synchronized (ring) {
      seen++;
      ring[(int) ((seen - 1) % ring.length)] = item;
      stored = new Stored<>(seen, item);
    }
    for (Consumer<Stored<T>> listener : listeners) {
      listener.accept(stored);
    }
    return stored.sequence();
  }

  /** The newest {@code limit} matching items (all when limit is 0), oldest first. */
  public List<Stored<T>> latest(int limit, Predicate<? super T> filter) {
    List<Stored<T>> newestFirst = new ArrayList<>();
    synchronized (ring) {
      for (long seq = seen;
          seq > firstKept() && (limit == 0 || newestFirst.size() < limit);
          seq--) {
        T item = at(seq);
        if (filter.test(item)) {
          newestFirst.add(new Stored<>(seq, item));
        }
      }
    }
    return reversed(newestFirst);
  }

  /** The oldest {@code limit} matching items still kept (all when limit is 0), oldest first. */
  public List<Stored<T>> earliest(int limit, Predicate<? super T> filter) {
    return after(0, limit, filter);
  }

  /**
   * Matching items with a sequence above {@code sequence}, oldest first, at most {@code limit} (0:
   * all).
   */
  public List<Stored<T>> after(long sequence, int limit, Predicate<? super T> filter) {
    List<Stored<T>> items = new ArrayList<>();
    synchronized (ring) {
      for (long seq = Math.max(sequence, firstKept()) + 1;
          seq <= seen && (limit == 0 || items.size() < limit);
          seq++) {
        T item = at(seq);
        if (filter.test(item)) {
          items.add(new Stored<>(seq, item));
        }
      }
    }
    return items;
  }

  /** The newest kept item matching. */
  public Optional<T> find(Predicate<? super T> filter) {
    List<Stored<T>> found = latest(1, filter);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).value());
  }

  public StoreStatus status() {
    synchronized (ring) {
      return new StoreStatus(seen - firstKept(), seen, ring.length);
    }
  }

  /** Registers a listener for items added from now on; returns the action that removes it. */
  public Runnable subscribe(Consumer<Stored<T>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private long firstKept() {
    return Math.max(0, seen - ring.length);
  }

  @SuppressWarnings("unchecked")
  private T at(long sequence) {
    return (T) ring[(int) ((sequence - 1) % ring.length)];
  }

  private static <T> List<T> reversed(List<T> items) {
    List<T> out = new ArrayList<>(items.size());
    for (int i = items.size() - 1; i >= 0; i--) {
      out.add(items.get(i));
    }
    return out;
  }
}
