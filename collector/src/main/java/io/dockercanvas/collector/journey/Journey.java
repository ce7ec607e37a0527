package io.dockercanvas.collector.journey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One packet followed across every point that saw it, hops in path order.
 *
 * @param networks overlay networks the packet crossed, as far as point names and the topology tell
 * @param services swarm services whose task containers the packet passed through
 * @param verdict whether it got where it was going; null until judged, and for control-plane
 *     traffic (see {@link #judged()}, {@link TrafficClass#judged()})
 * @param complete the final journey; false while it is still being stitched and more hops may come
 *     (a progressive update, with the same id as its final form)
 * @param trafficClass data, swarm control, DNS or unknown overlay: decided once from the hops
 */
public record Journey(
    long id,
    long fingerprint,
    List<Hop> hops,
    List<String> networks,
    List<String> services,
    JourneyVerdict verdict,
    boolean complete,
    TrafficClass trafficClass) {

  /** A final journey, not judged yet. */
  public Journey(
      long id, long fingerprint, List<Hop> hops, List<String> networks, List<String> services) {
    this(id, fingerprint, hops, networks, services, null, true);
  }

  /** A journey whose traffic class is decided from its hops. */
  public Journey(
      long id,
      long fingerprint,
      List<Hop> hops,
      List<String> networks,
      List<String> services,
      JourneyVerdict verdict,
      boolean complete) {
    this(
        id,
        fingerprint,
        hops,
        networks,
        services,
        verdict,
        complete,
        hops.isEmpty() ? TrafficClass.DATA : TrafficClass.of(hops, networks));
  }

  public Journey {
    hops = List.copyOf(hops);
    networks = List.copyOf(networks);
    services = List.copyOf(services);
    if (hops.isEmpty()) {
      throw new IllegalArgumentException("a journey has at least one hop");
    }
    Objects.requireNonNull(trafficClass, "trafficClass");
  }

  public Optional<JourneyVerdict> judged() {
    return Optional.ofNullable(verdict);
  }

  /** The same journey as a final one. */
  public Journey asComplete() {
    return complete
        ? this
        : new Journey(id, fingerprint, hops, networks, services, verdict, true, trafficClass);
  }

  public Journey withVerdict(JourneyVerdict verdict) {
    return new Journey(id, fingerprint, hops, networks, services, verdict, complete, trafficClass);
  }

  public Hop first() {
    return hops.get(0);
  }

  /** Earliest capture time of any hop (clocks of different nodes may differ). */
  public long earliestNs() {
    return hops.stream().mapToLong(Hop::timestampNs).min().orElseThrow();
  }

  /** Nodes in the order the packet visited them. */
  public Set<String> nodes() {
    Set<String> nodes = new LinkedHashSet<>();
    hops.forEach(h -> nodes.add(h.node()));
    return nodes;
  }

  public List<String> path() {
    return hops.stream().map(h -> h.node() + "/" + h.point()).toList();
  }
}
