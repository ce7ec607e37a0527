package io.dockercanvas.collector.store;

import io.dockercanvas.collector.journey.RewriteKind;
import io.dockercanvas.collector.journey.TrafficClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one way to make a {@link Filter} from what a person or a client typed: every value is checked
 * here, and a bad one is refused with an {@link IllegalArgumentException} whose message starts with
 * the caller's name for the parameter ({@code "port: '0' is not a port (1-65535)"}, {@code
 * "allowlist[0].ports[0]: ..."}). Names of networks and services may be ids: {@link FilterNames}
 * says what they stand for.
 */
public final class FilterBuilder {

  static final int MAX_VNI = (1 << 24) - 1;

  private final FilterNames names;
  private final Set<String> nodes = new HashSet<>();
  private final Set<String> networks = new HashSet<>();
  private final Set<String> services = new HashSet<>();
  private final List<IpRange> ips = new ArrayList<>();
  private final List<IpRange> sourceIps = new ArrayList<>();
  private final List<IpRange> destinationIps = new ArrayList<>();
  private final Set<String> sourceServiceNames = new HashSet<>();
  private final List<IpRange> sourceServiceAddresses = new ArrayList<>();
  private final Set<String> destinationServiceNames = new HashSet<>();
  private final List<IpRange> destinationServiceAddresses = new ArrayList<>();
  private final Set<Integer> ports = new HashSet<>();
  private final Set<Integer> protocols = new HashSet<>();
  private final Set<Integer> vnis = new HashSet<>();
  private final Set<String> points = new HashSet<>();
  private final Set<RewriteKind> rewrites = new HashSet<>();
  private final Set<TrafficClass> trafficClasses = new HashSet<>();
  private final Set<String> verdicts = new HashSet<>();

  /** Names taken as given: for offline use, where there is no topology. */
  public FilterBuilder() {
    this(FilterNames.AS_GIVEN);
  }

  public FilterBuilder(FilterNames names) {
    this.names = names;
  }

  public Filter build() {
    return new Filter(
        nodes,
        networks,
        services,
        ips,
        sourceIps,
        destinationIps,
        new Filter.ServiceAddresses(sourceServiceNames, sourceServiceAddresses),
        new Filter.ServiceAddresses(destinationServiceNames, destinationServiceAddresses),
        ports,
        protocols,
        vnis,
        points,
        rewrites,
        trafficClasses,
        verdicts);
  }

  public FilterBuilder node(String where, String node) {
    nodes.add(notBlank(where, node));
    return this;
  }

  public FilterBuilder network(String where, String network) {
    networks.addAll(names.networks(notBlank(where, network)));
    return this;
  }

  /** A service the packet passed through (a task's namespace on its path), either direction. */
  public FilterBuilder service(String where, String service) {
    services.addAll(names.services(notBlank(where, service)));
    return this;
  }

  /** A task of this service sent the packet. */
  public FilterBuilder sourceService(String where, String service) {
    sourceServiceNames.add(notBlank(where, service));
    names.taskAddresses(service).forEach(a -> sourceServiceAddresses.add(address(where, a)));
    return this;
  }

  /** The packet was sent to a task of this service or to its VIP. */
  public FilterBuilder destinationService(String where, String service) {
    destinationServiceNames.add(notBlank(where, service));
    names.taskAddresses(service).forEach(a -> destinationServiceAddresses.add(address(where, a)));
    names.virtualIps(service).forEach(a -> destinationServiceAddresses.add(address(where, a)));
    return this;
  }

  public FilterBuilder ip(String where, String ip) {
    ips.add(range(where, ip));
    return this;
  }

  public FilterBuilder sourceIp(String where, String ip) {
    sourceIps.add(range(where, ip));
    return this;
  }

  public FilterBuilder destinationIp(String where, String ip) {
    destinationIps.add(range(where, ip));
    return this;
  }

  /** A port given as text (REST, command line). */
  public FilterBuilder port(String where, String port) {
    ports.add((int) number(where, port, 1, 65535, "a port (1-65535)"));
    return this;
  }

  /** A port as a client sent it (unsigned 32 bits in the contract). */
  public FilterBuilder port(String where, long port) {
    return port(where, Long.toString(port));
  }

  /** tcp, udp, icmp, icmpv6, sctp (any case, or the contract's PROTOCOL_TCP...) or a number. */
  public FilterBuilder protocol(String where, String protocol) {
    String name = strip(protocol, "PROTOCOL_").toLowerCase(Locale.ROOT);
    protocols.add(
        switch (name) {
          case "tcp" -> 6;
          case "udp" -> 17;
          case "icmp" -> 1;
          case "icmpv6" -> 58;
          case "sctp" -> 132;
          default ->
              (int)
                  number(
                      where,
                      protocol,
                      0,
                      255,
                      "a protocol (tcp, udp, icmp, icmpv6, sctp or a number 0-255)");
        });
    return this;
  }

  public FilterBuilder protocol(int number) {
    protocols.add(number);
    return this;
  }

  public FilterBuilder vni(String where, String vni) {
    vnis.add((int) number(where, vni, 0, MAX_VNI, "a VNI (0-" + MAX_VNI + ")"));
    return this;
  }

  public FilterBuilder vni(String where, long vni) {
    return vni(where, Long.toString(vni));
  }

  /** "eth0", "ingress_sbox/eth0", or one node's point "node2:eth0". */
  public FilterBuilder point(String where, String point) {
    points.add(notBlank(where, point).trim());
    return this;
  }

  /**
   * DNAT, SNAT, ENCAP, DECAP, BRIDGE, REDIRECT, UN_SNAT, UN_DNAT (any case, or REWRITE_KIND_...).
   */
  public FilterBuilder rewrite(String where, String rewrite) {
    rewrites.add(oneOf(where, rewrite, "REWRITE_KIND_", RewriteKind.class, false));
    return this;
  }

  /** data, control, dns, overlay-control (any case, or TRAFFIC_CLASS_...). */
  public FilterBuilder traffic(String where, String traffic) {
    trafficClasses.add(oneOf(where, traffic, "TRAFFIC_CLASS_", TrafficClass.class, true));
    return this;
  }

  /** A verdict state, an answer, or PROBLEM (any case, or VERDICT_STATE_...). */
  public FilterBuilder verdict(String where, String verdict) {
    String name = strip(notBlank(where, verdict), "VERDICT_STATE_").toUpperCase(Locale.ROOT);
    if (!Filter.VERDICT_VALUES.contains(name)) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + verdict
              + "' is not a verdict ("
              + String.join(", ", new java.util.TreeSet<>(Filter.VERDICT_VALUES))
              + ")");
    }
    verdicts.add(name);
    return this;
  }

  /** Adds each value with {@code add}, naming the i-th value {@code where[i]}. */
  public static <T> void each(String where, List<T> values, Adder<T> add) {
    for (int i = 0; i < values.size(); i++) {
      add.add(where + "[" + i + "]", values.get(i));
    }
  }

  /** One value with its name for errors. */
  @FunctionalInterface
  public interface Adder<T> {
    void add(String where, T value);
  }

  private static String notBlank(String where, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(where + ": empty");
    }
    return value;
  }

  private static IpRange range(String where, String text) {
    try {
      return IpRange.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  /** A topology address ("10.0.1.5/24" on an attachment) as the single address it is. */
  private static IpRange address(String where, String cidr) {
    int slash = cidr.indexOf('/');
    return range(where, slash < 0 ? cidr : cidr.substring(0, slash));
  }

  private static long number(String where, String text, long min, long max, String what) {
    try {
      long n = Long.parseLong(text.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below with what is accepted
    }
    throw new IllegalArgumentException(where + ": '" + text + "' is not " + what);
  }

  /** An enum constant by name; {@code lowerCase}: listed as "overlay-control", read either way. */
  private static <E extends Enum<E>> E oneOf(
      String where, String value, String prefix, Class<E> type, boolean lowerCase) {
    String name =
        strip(notBlank(where, value).trim(), prefix).toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        where
            + ": '"
            + value
            + "' is not one of "
            + Arrays.stream(type.getEnumConstants())
                .map(
                    c -> lowerCase ? c.name().toLowerCase(Locale.ROOT).replace('_', '-') : c.name())
                .collect(Collectors.joining(", ")));
  }

  private static String strip(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length())
        ? value.substring(prefix.length())
        : value;
  }
}
