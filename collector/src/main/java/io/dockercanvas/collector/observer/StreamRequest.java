package io.dockercanvas.collector.observer;

import com.google.protobuf.Timestamp;
import io.dockercanvas.collector.store.RingStore;
import io.dockercanvas.collector.store.Stored;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The common part of GetFlows and GetJourneys: how many stored items, from which end, in what time
 * range, and whether to follow. Checked on construction; contradictions name the field.
 */
record StreamRequest(long number, boolean first, boolean follow, long sinceNs, long untilNs) {

  static final long NO_SINCE = Long.MIN_VALUE;
  static final long NO_UNTIL = Long.MAX_VALUE;

  static StreamRequest of(
      long number,
      boolean first,
      boolean follow,
      boolean hasSince,
      Timestamp since,
      boolean hasUntil,
      Timestamp until) {
    if (number < 0 || number > Integer.MAX_VALUE) {
      throw new InvalidRequestException(
          "number: " + Long.toUnsignedString(number) + " is too large");
    }
    if (number > 0 && (hasSince || hasUntil)) {
      throw new InvalidRequestException("number: cannot be combined with since/until");
    }
    if (first && follow) {
      throw new InvalidRequestException("first: cannot be combined with follow");
    }
    if (hasUntil && follow) {
      throw new InvalidRequestException("until: cannot be combined with follow");
    }
    long sinceNs = hasSince ? nanos(since, "since") : NO_SINCE;
    long untilNs = hasUntil ? nanos(until, "until") : NO_UNTIL;
    if (sinceNs > untilNs) {
      throw new InvalidRequestException("since: is after until");
    }
    return new StreamRequest(number, first, follow, sinceNs, untilNs);
  }

  /** The stored items this request asks for, oldest first. */
  <T> List<Stored<T>> select(RingStore<T> store, Predicate<T> filter, ToLongFunction<T> timeNs) {
    Predicate<T> inRange =
        item -> {
          long t = timeNs.applyAsLong(item);
          return t >= sinceNs && t < untilNs;
        };
    if (number > 0) {
      return first ? store.earliest((int) number, filter) : store.latest((int) number, filter);
    }
    if (sinceNs != NO_SINCE || untilNs != NO_UNTIL) {
      return store.earliest(0, filter.and(inRange));
    }
    return follow ? List.of() : store.earliest(0, filter);
  }

  private static long nanos(Timestamp t, String field) {
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      throw new InvalidRequestException(field + ": nanos out of range");
    }
    try {
      return Math.addExact(Math.multiplyExact(t.getSeconds(), 1_000_000_000L), t.getNanos());
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(field + ": out of range");
    }
  }
}
