package io.dockercanvas.collector.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Wrong tokens per client address: after {@link #LIMIT} of them within {@link #WINDOW}, that
 * address gets no more tries until the oldest of them leaves the window. Callers do not compare the
 * token while an address waits, so a guess sent then is not checked at all. At most {@code
 * maxClients} addresses are tracked (a bound on memory); once that many have failed recently, any
 * further address shares one count.
 */
public final class FailedAttempts {

  public static final int LIMIT = 10;
  public static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_CLIENTS = 10_000;
  private static final String OTHERS = "(other clients)";

  private final int limit;
  private final Duration window;
  private final int maxClients;
  private final Clock clock;
  private final Map<String, ArrayDeque<Instant>> failures = new HashMap<>();

  public FailedAttempts(Clock clock) {
    this(LIMIT, WINDOW, MAX_CLIENTS, clock);
  }

  FailedAttempts(int limit, Duration window, int maxClients, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.maxClients = maxClients;
    this.clock = clock;
  }

  /** How long {@code client} must wait before its next try: zero when it may try now. */
  public synchronized Duration waitFor(String client) {
    ArrayDeque<Instant> times = failures.get(key(client));
    if (times == null) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    forgetOld(times, now);
    return times.size() < limit
        ? Duration.ZERO
        : Duration.between(now, times.peekFirst().plus(window));
  }

  public synchronized void failed(String client) {
    Instant now = clock.instant();
    ArrayDeque<Instant> times = failures.computeIfAbsent(key(client), k -> new ArrayDeque<>());
    forgetOld(times, now);
    times.addLast(now);
  }

  /** The right token: the address's count starts again. */
  public synchronized void succeeded(String client) {
    failures.remove(client);
  }

  /** Whole seconds to wait, rounded up, for a Retry-After header or a message. */
  public static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private String key(String client) {
    if (failures.containsKey(client) || failures.size() < maxClients) {
      return client;
    }
    Instant now = clock.instant();
    failures
        .values()
        .removeIf(
            times -> {
              forgetOld(times, now);
              return times.isEmpty();
            });
    return failures.size() < maxClients ? client : OTHERS;
  }

  private void forgetOld(ArrayDeque<Instant> times, Instant now) {
    Instant oldest = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
      times.removeFirst();
    }
  }
}
