package io.dockercanvas.collector.journey;

import io.dockercanvas.collector.journey.JourneyVerdict.Answer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pairs requests (TCP SYN, ICMP echo request) with their replies (SYN-ACK or RST, echo reply): a
 * judged request is held until its reply's journey passes (ANSWERED, handed on just before the
 * reply) or until a window has passed on the caller's clock (UNANSWERED). Everything else passes
 * straight through. A reply matches by its addresses and ports reversed at any hop, so NAT on
 * either side does not hide it. Thread-safe; the sink is called without the lock held.
 */
public final class AnswerPairing implements Consumer<Journey> {

  /** Requests held at most; beyond it the oldest goes on unpaired (no answer claimed). */
  static final int CAPACITY = 65_536;

  private final long windowNs;
  private final Consumer<Journey> sink;
  private final Object lock = new Object();

  /** Held requests in the order they came (the oldest first), by journey id. */
  private final LinkedHashMap<Long, Held> held = new LinkedHashMap<>();

  /**
   * Held requests by the addresses and ports their reply would carry, oldest first: a reply finds
   * its request by hashing instead of by scanning every held request.
   */
  private final HashMap<Endpoints, ArrayDeque<Held>> byReplyEndpoints = new HashMap<>();

  private long nowNs = Long.MIN_VALUE;
  private long nextOrder;

  private static final class Held {
    final long order;
    final Journey request;
    final Set<Endpoints> replyEndpoints;
    long sinceNs;

    Held(long order, Journey request, Set<Endpoints> replyEndpoints, long sinceNs) {
      this.order = order;
      this.request = request;
      this.replyEndpoints = replyEndpoints;
      this.sinceNs = sinceNs;
    }
  }

  /** A packet's protocol, addresses and ports as seen at one hop. */
  private record Endpoints(int protocol, String src, int srcPort, String dst, int dstPort) {
    static Endpoints of(IpHeaders h) {
      return new Endpoints(h.protocol(), h.src(), h.srcPort(), h.dst(), h.dstPort());
    }

    static Endpoints reversed(IpHeaders h) {
      return new Endpoints(h.protocol(), h.dst(), h.dstPort(), h.src(), h.srcPort());
    }
  }

  public AnswerPairing(long windowNs, Consumer<Journey> sink) {
    this.windowNs = windowNs;
    this.sink = sink;
  }

  @Override
  public void accept(Journey journey) {
    List<Journey> out = new ArrayList<>(2);
    synchronized (lock) {
      if (isRequest(journey)) {
        hold(new Held(nextOrder++, journey, replyEndpoints(journey), nowNs));
        if (held.size() > CAPACITY) {
          out.add(release(held.values().iterator().next()).request);
        }
      } else {
        if (isReply(journey)) {
          Held request = oldestAnsweredBy(journey);
          if (request != null) {
            out.add(answered(release(request).request, Answer.ANSWERED));
          }
        }
        out.add(journey);
      }
    }
    out.forEach(sink);
  }

  private void hold(Held h) {
    held.put(h.request.id(), h);
    for (Endpoints e : h.replyEndpoints) {
      byReplyEndpoints.computeIfAbsent(e, k -> new ArrayDeque<>(1)).addLast(h);
    }
  }

  private Held release(Held h) {
    held.remove(h.request.id());
    releaseEndpoints(h);
    return h;
  }

  private void releaseEndpoints(Held h) {
    for (Endpoints e : h.replyEndpoints) {
      ArrayDeque<Held> waiting = byReplyEndpoints.get(e);
      if (waiting != null) {
        waiting.remove(h);
        if (waiting.isEmpty()) {
          byReplyEndpoints.remove(e);
        }
      }
    }
  }

  /** The oldest held request whose reply carries the addresses and ports of one of these hops. */
  private Held oldestAnsweredBy(Journey reply) {
    Held oldest = null;
    for (Hop hop : reply.hops()) {
      ArrayDeque<Held> waiting = byReplyEndpoints.get(Endpoints.of(hop.observation().headers()));
      if (waiting != null && (oldest == null || waiting.peekFirst().order < oldest.order)) {
        oldest = waiting.peekFirst();
      }
    }
    return oldest;
  }

  /** Hands on, UNANSWERED, the requests held for a window at {@code nowNs} (caller's clock). */
  public void expire(long nowNs) {
    List<Journey> out = new ArrayList<>();
    synchronized (lock) {
      this.nowNs = nowNs;
      Iterator<Held> it = held.values().iterator();
      while (it.hasNext()) {
        Held h = it.next();
        if (h.sinceNs == Long.MIN_VALUE) {
          h.sinceNs = nowNs; // held before the clock first ticked: its window starts now
          break;
        }
        if (nowNs - h.sinceNs < windowNs) {
          break;
        }
        it.remove();
        releaseEndpoints(h);
        out.add(answered(h.request, Answer.UNANSWERED));
      }
    }
    out.forEach(sink);
  }

  /** Hands on every held request, UNANSWERED (end of a replay, shutdown). */
  public void flush() {
    List<Journey> out = new ArrayList<>();
    synchronized (lock) {
      held.values().forEach(h -> out.add(answered(h.request, Answer.UNANSWERED)));
      held.clear();
      byReplyEndpoints.clear();
    }
    out.forEach(sink);
  }

  public int held() {
    synchronized (lock) {
      return held.size();
    }
  }

  private static Journey answered(Journey request, Answer answer) {
    return request.withVerdict(request.verdict().withAnswer(answer));
  }

  static boolean isRequest(Journey journey) {
    if (journey.verdict() == null) {
      return false;
    }
    IpHeaders h = journey.first().observation().headers();
    if (h.protocol() == IpHeaders.TCP) {
      return (h.tcpFlags() & 0x12) == 0x02;
    }
    return h.protocol() == IpHeaders.ICMP
        && Icmp.of(journey).map(i -> i.type() == Icmp.ECHO_REQUEST).orElse(false);
  }

  private static boolean isReply(Journey journey) {
    IpHeaders h = journey.first().observation().headers();
    if (h.protocol() == IpHeaders.TCP) {
      return (h.tcpFlags() & 0x12) == 0x12 || (h.tcpFlags() & 0x04) != 0;
    }
    return h.protocol() == IpHeaders.ICMP
        && Icmp.of(journey).map(i -> i.type() == Icmp.ECHO_REPLY).orElse(false);
  }

  private static Set<Endpoints> replyEndpoints(Journey journey) {
    Set<Endpoints> endpoints = new HashSet<>();
    for (Hop hop : journey.hops()) {
      endpoints.add(Endpoints.reversed(hop.observation().headers()));
    }
    return endpoints;
  }
}
