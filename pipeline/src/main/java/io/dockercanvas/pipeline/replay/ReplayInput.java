package io.dockercanvas.pipeline.replay;

import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeTopology;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a replay plays: the captures, and what is known of each node — its topology as recorded, and
 * underlay addresses given by hand ({@code --node-address}), which win over the recorded ones.
 * Every node named anywhere becomes one replayed agent.
 */
public record ReplayInput(
    List<CaptureSpec> captures,
    Map<String, NodeTopology> topologies,
    Map<String, String> nodeAddresses) {

  public ReplayInput {
    captures = List.copyOf(captures);
    topologies = Map.copyOf(topologies);
    nodeAddresses = Map.copyOf(nodeAddresses);
    if (captures.isEmpty()) {
      throw new IllegalArgumentException(
          "no captures to replay: give --capture NODE:POINT=FILE or --manifest");
    }
    Set<String> seen = new HashSet<>();
    for (CaptureSpec c : captures) {
      if (!seen.add(c.node() + ":" + c.point())) {
        throw new IllegalArgumentException(
            "capture point "
                + c.node()
                + ":"
                + c.point()
                + " is given twice; one file per node and point");
      }
    }
  }

  /** Nodes in a stable order: those with captures first, as given, then the others. */
  public Set<String> nodes() {
    Set<String> nodes = new LinkedHashSet<>();
    captures.forEach(c -> nodes.add(c.node()));
    nodes.addAll(new TreeSet<>(topologies.keySet()));
    nodes.addAll(new TreeSet<>(nodeAddresses.keySet()));
    return nodes;
  }

  /**
   * The node's topology as its agent reports it: recorded if there is one, else just its identity.
   */
  public NodeTopology topology(String nodeId) {
    NodeTopology recorded = topologies.get(nodeId);
    NodeTopology.Builder topology =
        recorded == null ? NodeTopology.newBuilder() : recorded.toBuilder();
    Node.Builder node = topology.getNodeBuilder().setId(nodeId);
    if (node.getHostname().isEmpty()) {
      node.setHostname(nodeId);
    }
    if (nodeAddresses.containsKey(nodeId)) {
      node.setAdvertiseAddress(nodeAddresses.get(nodeId));
    }
    return topology.build();
  }

  /** Parses {@code NODE=ADDRESS} pairs as {@code --node-address} takes them. */
  public static Map<String, String> parseAddresses(List<String> pairs) {
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      String node = equals < 0 ? "" : pair.substring(0, equals).trim();
      String address = equals < 0 ? "" : pair.substring(equals + 1).trim();
      if (node.isEmpty()
          || !address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
        throw new IllegalArgumentException(
            "--node-address '"
                + pair
                + "': expected NODE=IP, for example "
                + "manager=203.0.113.11 (the node's underlay address, where VXLAN tunnels end)");
      }
      addresses.put(node, address);
    }
    return addresses;
  }
}
