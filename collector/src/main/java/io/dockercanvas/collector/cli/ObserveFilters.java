package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.store.FilterBuilder;
import io.dockercanvas.proto.v1.Filter;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.RewriteKind;
import io.dockercanvas.proto.v1.TrafficClass;
import io.dockercanvas.proto.v1.VerdictState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.stream.Collectors;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code observe}'s filter flags, turned into the Observer's allowlist and denylist as {@code
 * hubble observe} does: values of one flag OR, different flags AND, all in one allowlist filter. A
 * flag after {@code --not} goes to the denylist instead, one denylist filter per flag, so {@code
 * --not --node a --not --port 53} leaves out what touches node a and what uses port 53. The order
 * of the flags matters for {@code --not}, so each flag is read by {@link Flag} as it comes.
 */
public final class ObserveFilters {

  private final Filter.Builder allow = Filter.newBuilder();
  private final Map<String, Filter.Builder> deny = new LinkedHashMap<>();
  private boolean negateNext;
  // checks each value as the collector will, with the same words (the values it keeps are unused)
  private final FilterBuilder check = new FilterBuilder();

  @Option(
      names = "--not",
      arity = "0",
      parameterConsumer = Flag.class,
      description = "Negate the filter flag that follows: leave out what it selects.")
  boolean not;

  @Option(
      names = "--ip",
      paramLabel = "ADDR[/LEN]",
      parameterConsumer = Flag.class,
      description = "Source or destination address or CIDR at any hop, inner or outer headers.")
  List<String> ips;

  @Option(
      names = "--from-ip",
      paramLabel = "ADDR[/LEN]",
      parameterConsumer = Flag.class,
      description = "The packet's source address or CIDR at some hop.")
  List<String> fromIps;

  @Option(
      names = "--to-ip",
      paramLabel = "ADDR[/LEN]",
      parameterConsumer = Flag.class,
      description = "The packet's destination address or CIDR at some hop.")
  List<String> toIps;

  @Option(
      names = "--service",
      paramLabel = "NAME",
      parameterConsumer = Flag.class,
      description = "A swarm service (name or id) the journey passes through.")
  List<String> services;

  @Option(
      names = "--from-service",
      paramLabel = "NAME",
      parameterConsumer = Flag.class,
      description = "A task of this service sent the packet.")
  List<String> fromServices;

  @Option(
      names = "--to-service",
      paramLabel = "NAME",
      parameterConsumer = Flag.class,
      description = "A task (or the VIP) of this service receives the packet.")
  List<String> toServices;

  @Option(
      names = "--node",
      paramLabel = "NODE",
      parameterConsumer = Flag.class,
      description = "A node (Node.id, e.g. node2) where some hop was seen.")
  List<String> nodes;

  @Option(
      names = "--point",
      paramLabel = "POINT",
      parameterConsumer = Flag.class,
      description =
          "An observation point of some hop: eth0, docker_gwbridge, ingress_sbox/eth1,"
              + " wordpress_net/vxlan0; node2:eth0 names one node's point.")
  List<String> points;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      parameterConsumer = Flag.class,
      description = "A network (name or id) the journey crosses.")
  List<String> networks;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      parameterConsumer = Flag.class,
      description = "Source or destination port at some hop.")
  List<String> ports;

  @Option(
      names = "--proto",
      paramLabel = "P",
      parameterConsumer = Flag.class,
      description = "tcp, udp, icmp, icmpv6 or sctp.")
  List<String> protocols;

  @Option(
      names = "--vni",
      paramLabel = "VNI",
      parameterConsumer = Flag.class,
      description = "VXLAN network identifier of some hop.")
  List<String> vnis;

  @Option(
      names = "--rewrite",
      paramLabel = "KIND",
      parameterConsumer = Flag.class,
      description =
          "A rewrite on the way: DNAT, SNAT, ENCAP, DECAP, BRIDGE, REDIRECT, UN_SNAT, UN_DNAT.")
  List<String> rewrites;

  @Option(
      names = "--verdict",
      paramLabel = "STATE",
      parameterConsumer = Flag.class,
      description =
          "STOPPED, DELIVERED, UNKNOWN, ANSWERED, UNANSWERED, or PROBLEM for any problem.")
  List<String> verdicts;

  @Option(
      names = "--traffic",
      paramLabel = "CLASS",
      parameterConsumer = Flag.class,
      description = "data, control (swarm gossip, raft), dns or overlay-control.")
  List<String> traffic;

  /** The allowlist: empty (everything) or one filter with every flag not negated. */
  public List<Filter> allowlist() {
    Filter f = allow.build();
    return f.equals(Filter.getDefaultInstance()) ? List.of() : List.of(f);
  }

  /** One filter per negated flag, in the order first given. */
  public List<Filter> denylist() {
    return deny.values().stream().map(Filter.Builder::build).toList();
  }

  /** A --not with no filter flag after it. */
  boolean danglingNot() {
    return negateNext;
  }

  /** Adds one value of one flag; {@code --not} only marks the next flag. */
  void add(String flag, String value) {
    if (flag.equals("--not")) {
      negateNext = true;
      return;
    }
    Filter.Builder f = negateNext ? deny.computeIfAbsent(flag, k -> Filter.newBuilder()) : allow;
    negateNext = false;
    String v = value.trim();
    switch (flag) {
      case "--ip" -> f.addIps(checked(v, () -> check.ip(flag, v)));
      case "--from-ip" -> f.addSourceIps(checked(v, () -> check.sourceIp(flag, v)));
      case "--to-ip" -> f.addDestinationIps(checked(v, () -> check.destinationIp(flag, v)));
      case "--service" -> f.addServices(checked(v, () -> check.service(flag, v)));
      case "--from-service" -> f.addSourceServices(checked(v, () -> check.sourceService(flag, v)));
      case "--to-service" ->
          f.addDestinationServices(checked(v, () -> check.destinationService(flag, v)));
      case "--node" -> f.addNodes(checked(v, () -> check.node(flag, v)));
      case "--point" -> f.addPoints(checked(v, () -> check.point(flag, v)));
      case "--network" -> f.addNetworks(checked(v, () -> check.network(flag, v)));
      case "--port" -> f.addPorts(Integer.parseInt(checked(v, () -> check.port(flag, v))));
      case "--vni" -> f.addVnis(Integer.parseInt(checked(v, () -> check.vni(flag, v))));
      case "--proto" -> f.addProtocols(constant(flag, v, Protocol.values(), "PROTOCOL_"));
      case "--rewrite" -> f.addRewrites(constant(flag, v, RewriteKind.values(), "REWRITE_KIND_"));
      case "--verdict" -> f.addVerdicts(constant(flag, v, VerdictState.values(), "VERDICT_STATE_"));
      case "--traffic" ->
          f.addTrafficClasses(constant(flag, v, TrafficClass.values(), "TRAFFIC_CLASS_"));
      default -> throw new IllegalArgumentException(flag + ": not a filter flag");
    }
  }

  /** The value, once the check (which throws naming the flag) accepted it. */
  private static String checked(String value, Runnable check) {
    check.run();
    return value;
  }

  /** "tcp", "un-snat", "overlay-control" to the contract's constant; lists the accepted ones. */
  private static <E extends Enum<E>> E constant(
      String flag, String value, E[] values, String prefix) {
    String wanted = prefix + value.toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : values) {
      if (e.name().equals(wanted) && !e.name().endsWith("_UNSPECIFIED")) {
        return e;
      }
    }
    String accepted =
        Arrays.stream(values)
            .map(Enum::name)
            .filter(n -> n.startsWith(prefix) && !n.endsWith("_UNSPECIFIED"))
            .map(n -> n.substring(prefix.length()))
            .map(n -> prefix.startsWith("VERDICT") || prefix.startsWith("REWRITE") ? n : lower(n))
            .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(flag + ": '" + value + "' is not one of " + accepted);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads each filter flag's value where it stands on the command line, so {@code --not} applies to
   * the flag right after it; a bad value is a usage error naming the flag (exit 2).
   */
  public static final class Flag implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec arg, CommandSpec command) {
      String flag = ((OptionSpec) arg).longestName();
      ObserveFilters filters = of(command);
      if (flag.equals("--not")) {
        filters.add(flag, "");
        return;
      }
      if (args.isEmpty()) {
        throw new ParameterException(command.commandLine(), "Missing value for " + flag, arg, null);
      }
      String value = args.pop();
      try {
        filters.add(flag, value);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), e.getMessage(), arg, value);
      }
    }

    private static ObserveFilters of(CommandSpec command) {
      if (command.userObject() instanceof ObserveFilters f) {
        return f;
      }
      return command.mixins().values().stream()
          .map(CommandSpec::userObject)
          .filter(ObserveFilters.class::isInstance)
          .map(ObserveFilters.class::cast)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no filter flags on " + command.name()));
    }
  }
}
