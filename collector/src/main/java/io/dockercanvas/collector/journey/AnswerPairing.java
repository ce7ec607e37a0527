package io.dockercanvas.collector.journey;

import io.dockercanvas.collector.journey.JourneyVerdict.Answer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

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
  private final LinkedHashMap<Long, Held> held = new LinkedHashMap<>();
  private long nowNs = Long.MIN_VALUE;

  private record Held(Journey request, Set<String> replyKeys, long sinceNs) {}

  public AnswerPairing(long windowNs, Consumer<Journey> sink) {
    this.windowNs = windowNs;
    this.sink = sink;
  }

  @Override
  public void accept(Journey journey) {
    List<Journey> out = new ArrayList<>(2);
    synchronized (lock) {
      if (isRequest(journey)) {
        held.put(journey.id(), new Held(journey, replyKeys(journey), nowNs));
        if (held.size() > CAPACITY) {
          Iterator<Held> oldest = held.values().iterator();
          out.add(oldest.next().request());
          oldest.remove();
        }
      } else {
        if (isReply(journey)) {
          Set<String> keys = keys(journey);
          Iterator<Held> it = held.values().iterator();
          while (it.hasNext()) {
            Held h = it.next();
            if (h.replyKeys().stream().anyMatch(keys::contains)) {
              it.remove();
              out.add(answered(h.request(), Answer.ANSWERED));
              break;
            }
          }
        }
        out.add(journey);
      }
    }
    out.forEach(sink);
  }

  /** Hands on, UNANSWERED, the requests held for a window at {@code nowNs} (caller's clock). */
  public void expire(long nowNs) {
    List<Journey> out = new ArrayList<>();
    synchronized (lock) {
      this.nowNs = nowNs;
      Iterator<Held> it = held.values().iterator();
      while (it.hasNext()) {
        Held h = it.next();
        if (h.sinceNs() != Long.MIN_VALUE && nowNs - h.sinceNs() < windowNs) {
          break;
        }
        if (h.sinceNs() == Long.MIN_VALUE) {
          // held before the clock first ticked: start its window now
          held.put(h.request().id(), new Held(h.request(), h.replyKeys(), nowNs));
          break;
        }
        it.remove();
        out.add(answered(h.request(), Answer.UNANSWERED));
      }
    }
    out.forEach(sink);
  }

  /** Hands on every held request, UNANSWERED (end of a replay, shutdown). */
  public void flush() {
    List<Journey> out = new ArrayList<>();
    synchronized (lock) {
      held.values().forEach(h -> out.add(answered(h.request(), Answer.UNANSWERED)));
      held.clear();
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

  private static Set<String> keys(Journey journey) {
    return journey.hops().stream()
        .map(hop -> key(hop.observation().headers(), false))
        .collect(Collectors.toSet());
  }

  private static Set<String> replyKeys(Journey journey) {
    return journey.hops().stream()
        .map(hop -> key(hop.observation().headers(), true))
        .collect(Collectors.toSet());
  }

  private static String key(IpHeaders h, boolean reversed) {
    return reversed
        ? h.protocol() + " " + h.dst() + " " + h.dstPort() + " " + h.src() + " " + h.srcPort()
        : h.protocol() + " " + h.src() + " " + h.srcPort() + " " + h.dst() + " " + h.dstPort();
  }
}
