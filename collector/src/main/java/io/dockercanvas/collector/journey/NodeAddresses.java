package io.dockercanvas.collector.journey;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A thread-safe, mutable {@link PathTopology}: the topology merge writes into it as agents report,
 * and an offline run fills it from the command line. Later facts replace earlier ones.
 */
public final class NodeAddresses implements PathTopology {

  public static final String DEFAULT_INGRESS_NETWORK = "ingress";

  private final Map<String, String> nodeByAddress = new ConcurrentHashMap<>();
  private final Map<String, Integer> vniByNetwork = new ConcurrentHashMap<>();
  private final Map<Integer, String> networkByVni = new ConcurrentHashMap<>();
  private final Map<String, String> networkByInterface = new ConcurrentHashMap<>();
  private final Map<String, String> serviceBySandbox = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> endpointByAddress = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> endpointByMac = new ConcurrentHashMap<>();
  private final Map<String, TaskName> taskByAddress = new ConcurrentHashMap<>();
  private final Map<String, IpvsChoice> ipvsChoices = Collections.synchronizedMap(new Choices());
  private final Map<String, List<IpvsAt>> ipvsByNode = new ConcurrentHashMap<>();
  private volatile String ingressNetwork = DEFAULT_INGRESS_NETWORK;

  /**
   * IPVS connections remembered at most: they outlive the table (TIME_WAIT ends, agent re-reads).
   */
  static final int MAX_IPVS_CONNECTIONS = 65_536;

  private record TaskName(String reporter, String name) {}

  private record IpvsAt(String namespace, boolean vip, Ipvs ipvs) {}

  private record IpvsChoice(
      String node, String namespace, boolean vip, Ipvs.Service service, Ipvs.Connection c) {}

  /** Oldest connection forgotten first: a journey is assembled seconds after its packet. */
  private static final class Choices extends LinkedHashMap<String, IpvsChoice> {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, IpvsChoice> eldest) {
      return size() > MAX_IPVS_CONNECTIONS;
    }
  }

  /** Records an underlay/VTEP address of a node. */
  public NodeAddresses putAddress(String node, String address) {
    nodeByAddress.put(address, node);
    return this;
  }

  /** Forgets every address of a node (it left, or it reports a fresh snapshot). */
  public void removeNode(String node) {
    nodeByAddress.values().removeIf(node::equals);
    networkByInterface.keySet().removeIf(key -> key.startsWith(node + "\n"));
    serviceBySandbox.keySet().removeIf(key -> key.startsWith(node + "\n"));
    endpointByAddress.values().removeIf(e -> e.node().equals(node));
    endpointByMac.values().removeIf(e -> e.node().equals(node));
    taskByAddress.values().removeIf(t -> t.reporter().equals(node));
    ipvsByNode.remove(node);
    // IPVS connections stay: they are facts about packets already sent, looked up by exact tuple.
  }

  /** Records the task (e.g. "web.1") owning an address, run on node {@code reporter}. */
  public NodeAddresses putTask(String reporter, String address, String task) {
    taskByAddress.put(address, new TaskName(reporter, task));
    return this;
  }

  /**
   * Records the IPVS table of a namespace on a node: its connections become lookups for {@link
   * #loadBalancing}.
   *
   * @param vip the namespace balances service VIPs (lb_ or container), not the routing mesh
   */
  public NodeAddresses putIpvs(String node, String namespace, boolean vip, Ipvs ipvs) {
    ipvsByNode
        .computeIfAbsent(node, n -> new CopyOnWriteArrayList<>())
        .add(new IpvsAt(namespace, vip, ipvs));
    for (Ipvs.Connection c : ipvs.connections()) {
      ipvs.serviceOf(c)
          .ifPresent(
              service ->
                  ipvsChoices.put(
                      connectionKey(
                          node,
                          c.protocol(),
                          c.clientAddress(),
                          c.clientPort(),
                          c.virtualAddress(),
                          c.virtualPort()),
                      new IpvsChoice(node, namespace, vip, service, c)));
    }
    return this;
  }

  @Override
  public Optional<LoadBalancing> loadBalancing(String node, IpHeaders packet) {
    String protocol =
        switch (packet.protocol()) {
          case IpHeaders.TCP -> "TCP";
          case IpHeaders.UDP -> "UDP";
          case 132 -> "SCTP";
          default -> null;
        };
    if (protocol == null || ipvsChoices.isEmpty()) {
      return Optional.empty();
    }
    IpvsChoice choice =
        ipvsChoices.get(
            connectionKey(
                node, protocol, packet.src(), packet.srcPort(), packet.dst(), packet.dstPort()));
    if (choice == null) {
      return Optional.empty();
    }
    Ipvs.Connection c = choice.c();
    return Optional.of(
        decision(
            choice.node(),
            choice.namespace(),
            choice.vip(),
            choice.service(),
            c.virtualAddress(),
            c.virtualPort(),
            c.destinationAddress(),
            c.destinationPort()));
  }

  @Override
  public Optional<LoadBalancing> loadBalancingOfRewrite(
      String node, IpHeaders before, IpHeaders after) {
    for (IpvsAt at : ipvsByNode.getOrDefault(node, List.of())) {
      for (Ipvs.Service service : at.ipvs().services()) {
        boolean sentThere =
            service.fwmark() != 0
                || (service.address().equals(before.dst()) && service.port() == before.dstPort());
        if (sentThere && service.hasRealServer(after.dst(), after.dstPort())) {
          return Optional.of(
              decision(
                  node,
                  at.namespace(),
                  at.vip(),
                  service,
                  before.dst(),
                  before.dstPort(),
                  after.dst(),
                  after.dstPort()));
        }
      }
    }
    return Optional.empty();
  }

  private LoadBalancing decision(
      String node,
      String namespace,
      boolean vip,
      Ipvs.Service service,
      String virtualAddress,
      int virtualPort,
      String chosenAddress,
      int chosenPort) {
    // The node reporting the task's container runs it.
    TaskName task = taskByAddress.get(chosenAddress);
    return new LoadBalancing(
        node,
        namespace,
        vip,
        service.fwmark(),
        virtualAddress,
        virtualPort,
        chosenAddress,
        chosenPort,
        task == null ? "" : task.name(),
        task == null ? "" : task.reporter(),
        service.scheduler(),
        service.realServers().size());
  }

  private static String connectionKey(
      String node, String protocol, String client, int clientPort, String virtual, int port) {
    return node
        + "\n"
        + protocol
        + "\n"
        + client
        + "\n"
        + clientPort
        + "\n"
        + virtual
        + "\n"
        + port;
  }

  /** Records the container interface owning an address. */
  public NodeAddresses putEndpoint(String address, Endpoint endpoint) {
    endpointByAddress.put(address, endpoint);
    return this;
  }

  /** Records a sandbox interface's MAC (lower case, colon separated). */
  public NodeAddresses putMac(String mac, Endpoint endpoint) {
    endpointByMac.put(endpoint.node() + "\n" + mac.toLowerCase(Locale.ROOT), endpoint);
    return this;
  }

  public NodeAddresses putNetwork(String network, int vni) {
    Integer previous = vniByNetwork.put(network, vni);
    if (previous != null && previous != vni) {
      networkByVni.remove(previous, network);
    }
    networkByVni.put(vni, network);
    return this;
  }

  /**
   * Records that {@code sandbox/iface} on {@code node} is on {@code network} (or docker_gwbridge).
   */
  public NodeAddresses putInterface(String node, String sandbox, String iface, String network) {
    networkByInterface.put(interfaceKey(node, sandbox, iface), network);
    return this;
  }

  /**
   * Records that the container sandbox {@code sandbox} on {@code node} runs a task of {@code
   * service}.
   */
  public NodeAddresses putService(String node, String sandbox, String service) {
    serviceBySandbox.put(node + "\n" + sandbox, service);
    return this;
  }

  public NodeAddresses ingressNetwork(String name) {
    ingressNetwork = name;
    return this;
  }

  @Override
  public Optional<String> nodeOfAddress(String address) {
    return Optional.ofNullable(nodeByAddress.get(address));
  }

  @Override
  public Optional<String> networkOfVni(int vni) {
    return Optional.ofNullable(networkByVni.get(vni));
  }

  @Override
  public OptionalInt vniOf(String network) {
    Integer vni = vniByNetwork.get(network);
    return vni == null ? OptionalInt.empty() : OptionalInt.of(vni);
  }

  @Override
  public Optional<String> networkOfInterface(String node, String sandbox, String iface) {
    return Optional.ofNullable(networkByInterface.get(interfaceKey(node, sandbox, iface)));
  }

  @Override
  public Optional<String> serviceOfSandbox(String node, String sandbox) {
    return Optional.ofNullable(serviceBySandbox.get(node + "\n" + sandbox));
  }

  @Override
  public Optional<Endpoint> endpointOf(String address) {
    return Optional.ofNullable(endpointByAddress.get(address));
  }

  @Override
  public Optional<Endpoint> endpointOfMac(String node, String mac) {
    return Optional.ofNullable(endpointByMac.get(node + "\n" + mac));
  }

  @Override
  public boolean hasAddress(String node) {
    return nodeByAddress.containsValue(node);
  }

  @Override
  public String ingressNetwork() {
    return ingressNetwork;
  }

  private static String interfaceKey(String node, String sandbox, String iface) {
    return node + "\n" + sandbox + "/" + iface;
  }
}
