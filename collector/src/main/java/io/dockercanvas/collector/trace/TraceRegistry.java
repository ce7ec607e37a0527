package io.dockercanvas.collector.trace;

import io.dockercanvas.collector.ingest.CaptureConfigPush;
import io.dockercanvas.collector.store.IpRange;
import io.dockercanvas.collector.topology.Attachment;
import io.dockercanvas.collector.topology.ClusterTopology;
import io.dockercanvas.collector.topology.ServiceInfo;
import io.dockercanvas.collector.topology.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The active traces. Every change (add, remove, expiry) pushes a new capture config revision with
 * the traces as trace filters to every connected agent, so all points start and stop keeping the
 * matching packets together. {@link #expire()} runs on the core's tick; it costs one volatile read
 * while nothing is due.
 */
public final class TraceRegistry {

  public static final int MAX_TRACES = 32;
  public static final Duration DEFAULT_DURATION = Duration.ofMinutes(5);
  public static final Duration MAX_DURATION = Duration.ofHours(1);
  static final int MAX_BPF_LENGTH = 1024;
  private static final Set<Integer> PROTOCOLS = Set.of(1, 6, 17, 58, 132);

  private final CaptureConfigPush push;
  private final Supplier<ClusterTopology> topology;
  private final Clock clock;
  private final Map<String, Trace> traces = new LinkedHashMap<>();
  private long nextId = 1;
  private volatile long nextExpiryMillis = Long.MAX_VALUE;

  public TraceRegistry(CaptureConfigPush push, Supplier<ClusterTopology> topology, Clock clock) {
    this.push = push;
    this.topology = topology;
    this.clock = clock;
  }

  /** Checks the request, resolves its services and starts the trace on every agent. */
  public synchronized Trace add(TraceRequest request) throws InvalidTraceException {
    expire();
    List<String> cidrs = new ArrayList<>();
    for (String cidr : request.cidrs()) {
      try {
        cidrs.add(IpRange.parse(cidr).text());
      } catch (IllegalArgumentException e) {
        throw invalid("cidrs: " + e.getMessage());
      }
    }
    for (int port : request.ports()) {
      if (port < 1 || port > 65535) {
        throw invalid("ports: " + port + " is not a port (1..65535)");
      }
    }
    for (int protocol : request.protocols()) {
      if (!PROTOCOLS.contains(protocol)) {
        throw invalid("protocols: " + protocol + " is not one of icmp, tcp, udp, icmpv6, sctp");
      }
    }
    for (int vni : request.vnis()) {
      if (vni < 1 || vni > 0xFFFFFF) {
        throw invalid("vnis: " + vni + " is not a VXLAN network identifier (1..16777215)");
      }
    }
    if (request.bpf().length() > MAX_BPF_LENGTH
        || request.bpf().chars().anyMatch(Character::isISOControl)) {
      throw invalid(
          "bpf: not a tcpdump expression (one line of at most " + MAX_BPF_LENGTH + " characters)");
    }
    for (String service : request.services()) {
      List<String> addresses = serviceAddresses(topology.get(), service);
      if (addresses.isEmpty()) {
        throw invalid(
            "services: no running task of a service '"
                + service
                + "' is known (name or id, as in the topology)");
      }
      cidrs.addAll(addresses);
    }
    if (cidrs.isEmpty()
        && request.ports().isEmpty()
        && request.protocols().isEmpty()
        && request.vnis().isEmpty()
        && request.bpf().isEmpty()) {
      throw invalid(
          "filter: say what to trace (an address, port, service, protocol, VNI or bpf expression):"
              + " a trace of everything would keep every packet");
    }
    Duration duration = request.duration() == null ? DEFAULT_DURATION : request.duration();
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw invalid("duration: " + duration + " is not between 1 s and 1 h");
    }
    if (traces.size() >= MAX_TRACES) {
      throw new InvalidTraceException(
          InvalidTraceException.Kind.TOO_MANY,
          "traces: " + MAX_TRACES + " are active already; remove one or wait for one to expire");
    }
    Instant now = clock.instant();
    Trace trace =
        new Trace(
            "t" + nextId++,
            List.copyOf(new LinkedHashSet<>(cidrs)),
            List.copyOf(new LinkedHashSet<>(request.ports())),
            List.copyOf(new LinkedHashSet<>(request.protocols())),
            List.copyOf(new LinkedHashSet<>(request.vnis())),
            request.bpf(),
            request.services(),
            now,
            now.plus(duration));
    traces.put(trace.id(), trace);
    changed();
    return trace;
  }

  /** The active traces, oldest first. */
  public synchronized List<Trace> list() {
    expire();
    return List.copyOf(traces.values());
  }

  /** Ends a trace now; empty when there is no active trace with that id. */
  public synchronized Optional<Trace> remove(String id) {
    expire();
    Trace removed = traces.remove(id);
    if (removed != null) {
      changed();
    }
    return Optional.ofNullable(removed);
  }

  /** Ends the traces whose time is up; cheap while none is due. */
  public void expire() {
    if (clock.millis() < nextExpiryMillis) {
      return;
    }
    synchronized (this) {
      Instant now = clock.instant();
      if (traces.values().removeIf(t -> !t.expiresAt().isAfter(now))) {
        changed();
      }
    }
  }

  private void changed() {
    nextExpiryMillis =
        traces.values().stream()
            .mapToLong(t -> t.expiresAt().toEpochMilli())
            .min()
            .orElse(Long.MAX_VALUE);
    push.update(push.current().next(traces.values().stream().map(Trace::filter).toList()));
  }

  /** The addresses (as /32 or /128) of a service's tasks and virtual IPs, by name or id. */
  static List<String> serviceAddresses(ClusterTopology cluster, String service) {
    Set<String> ids = new LinkedHashSet<>();
    List<String> addresses = new ArrayList<>();
    for (ServiceInfo s : cluster.services()) {
      if (s.id().equals(service) || s.name().equals(service)) {
        ids.add(s.id());
        s.virtualIps().forEach(a -> addAddresses(a, addresses));
      }
    }
    for (TaskInfo task : cluster.tasks()) {
      if (ids.contains(task.serviceId())
          && task.state() != TaskInfo.State.SHUTDOWN
          && task.state() != TaskInfo.State.COMPLETE
          && task.state() != TaskInfo.State.FAILED
          && task.state() != TaskInfo.State.REJECTED) {
        task.networks().forEach(a -> addAddresses(a, addresses));
      }
    }
    return List.copyOf(new LinkedHashSet<>(addresses));
  }

  private static void addAddresses(Attachment attachment, List<String> into) {
    for (String cidr : attachment.addresses()) {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      if (IpRange.isLiteral(address)) {
        into.add(address);
      }
    }
  }

  private static InvalidTraceException invalid(String message) {
    return new InvalidTraceException(InvalidTraceException.Kind.INVALID_FIELD, message);
  }
}
