package io.dockercanvas.pipeline.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.pipeline.observation.PointNames;
import io.dockercanvas.proto.v1.Container;
import io.dockercanvas.proto.v1.FdbEntry;
import io.dockercanvas.proto.v1.Interface;
import io.dockercanvas.proto.v1.InterfaceKind;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.NamespaceKind;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NetworkAttachment;
import io.dockercanvas.proto.v1.NetworkPeer;
import io.dockercanvas.proto.v1.NetworkScope;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.Subnet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's topology JSON to the contract. The lab records no forwarding entries and no service list: each
 * overlay's vxlan0 gets the entry Docker installs for every peer VTEP (all-zero MAC, {@code dst} = the peer,
 * permanent, self), rebuilt from the network's peers, and services are known only through the task and
 * container names.
 */
final class LabTopologyMapper {

    private static final int VXLAN_PORT = 4789;

    private LabTopologyMapper() {
    }

    static NodeTopology topology(JsonNode root) {
        JsonNode labNode = root.path("node");
        String address = labNode.path("address").asText("");
        Map<String, JsonNode> networksByName = new HashMap<>();
        root.path("networks").forEach(n -> networksByName.put(n.path("name").asText(), n));

        NodeTopology.Builder topology = NodeTopology.newBuilder().setNode(node(labNode));
        for (JsonNode ns : labNode.path("namespaces")) {
            topology.addNamespaces(namespace(ns, address, networksByName, root));
        }
        for (JsonNode n : root.path("networks")) {
            topology.addNetworks(overlay(n));
        }
        gatewayBridge(labNode).ifPresent(topology::addNetworks);
        for (JsonNode ns : labNode.path("namespaces")) {
            if (ns.path("kind").asText().equals("container")) {
                topology.addContainers(container(ns, root));
            }
        }
        return topology.build();
    }

    private static Node node(JsonNode n) {
        String address = n.path("address").asText("");
        String underlay = "";
        for (JsonNode ns : n.path("namespaces")) {
            for (JsonNode i : ns.path("interfaces")) {
                if (ns.path("kind").asText().equals("node") && hasAddress(i, address)) {
                    underlay = i.path("name").asText();
                }
            }
        }
        return Node.newBuilder()
                .setId(n.path("name").asText())
                .setHostname(n.path("name").asText())
                .setRole(switch (n.path("role").asText()) {
                    case "manager" -> NodeRole.NODE_ROLE_MANAGER;
                    case "worker" -> NodeRole.NODE_ROLE_WORKER;
                    default -> NodeRole.NODE_ROLE_UNSPECIFIED;
                })
                .setAdvertiseAddress(address)
                .setUnderlayInterface(underlay)
                .setEngineVersion(n.path("engine").asText(""))
                .setDataPathPort(VXLAN_PORT)
                .build();
    }

    private static Namespace namespace(JsonNode ns, String nodeAddress, Map<String, JsonNode> networks, JsonNode root) {
        String kind = ns.path("kind").asText();
        JsonNode network = networks.get(ns.path("network").asText(""));
        Namespace.Builder b = Namespace.newBuilder()
                .setPath(ns.path("path").asText(""))
                .setName(kind.equals("node") ? "host" : ns.path("name").asText(""))
                .setKind(switch (kind) {
                    case "node" -> NamespaceKind.NAMESPACE_KIND_HOST;
                    case "ingress_sbox" -> NamespaceKind.NAMESPACE_KIND_INGRESS_SBOX;
                    case "overlay" -> NamespaceKind.NAMESPACE_KIND_OVERLAY;
                    case "load_balancer" -> NamespaceKind.NAMESPACE_KIND_LOAD_BALANCER;
                    case "container" -> NamespaceKind.NAMESPACE_KIND_CONTAINER;
                    default -> NamespaceKind.NAMESPACE_KIND_UNSPECIFIED;
                });
        if (network != null && (kind.equals("overlay") || kind.equals("load_balancer"))) {
            b.setNetworkId(network.path("id").asText(""));
        }
        if (kind.equals("container")) {
            Container c = container(ns, root);
            b.setContainerId(c.getId()).setContainerName(c.getName()).setTaskId(c.getTaskId());
        }
        for (JsonNode i : ns.path("interfaces")) {
            b.addInterfaces(iface(i, kind.equals("node") && hasAddress(i, nodeAddress), network, nodeAddress));
        }
        return b.build();
    }

    private static Interface iface(JsonNode i, boolean underlay, JsonNode network, String nodeAddress) {
        String linkKind = i.path("kind").asText("");
        Interface.Builder b = Interface.newBuilder()
                .setName(i.path("name").asText())
                .setKind(underlay ? InterfaceKind.INTERFACE_KIND_ETHERNET : switch (linkKind) {
                    case "bridge" -> InterfaceKind.INTERFACE_KIND_BRIDGE;
                    case "vxlan" -> InterfaceKind.INTERFACE_KIND_VXLAN;
                    case "veth" -> InterfaceKind.INTERFACE_KIND_VETH;
                    case "loopback" -> InterfaceKind.INTERFACE_KIND_LOOPBACK;
                    default -> InterfaceKind.INTERFACE_KIND_OTHER;
                })
                .setLinkKind(linkKind)
                .setMac(i.path("mac").asText(""))
                .setMtu(i.path("mtu").asInt(0))
                .setMaster(i.path("master").asText(""))
                .setUp(List.of("UP", "UNKNOWN").contains(i.path("state").asText()));
        i.path("addresses").forEach(a -> b.addAddresses(a.asText()));
        if (linkKind.equals("vxlan")) {
            b.getVxlanBuilder().setVni(i.path("vni").asInt(0)).setPort(VXLAN_PORT);
            if (network != null) {
                for (JsonNode peer : network.path("peers")) {
                    String vtep = peer.path("IP").asText("");
                    if (!vtep.isEmpty() && !vtep.equals(nodeAddress)) {
                        b.addFdb(FdbEntry.newBuilder().setMac("00:00:00:00:00:00").setDst(vtep).setPermanent(true)
                                .setSelf(true));
                    }
                }
            }
        }
        return b.build();
    }

    private static Network overlay(JsonNode n) {
        String name = n.path("name").asText();
        Network.Builder b = Network.newBuilder()
                .setId(n.path("id").asText(name))
                .setName(name)
                .setDriver("overlay")
                .setScope(NetworkScope.NETWORK_SCOPE_SWARM)
                .setIngress(name.equals("ingress"));
        if (n.path("vni").canConvertToInt()) {
            b.addVnis(n.path("vni").asInt());
        }
        if (!n.path("subnet").asText("").isEmpty()) {
            b.addSubnets(Subnet.newBuilder().setCidr(n.path("subnet").asText()));
        }
        n.path("peers").forEach(p -> b.addPeers(NetworkPeer.newBuilder().setName(p.path("Name").asText(""))
                .setAddress(p.path("IP").asText(""))));
        return b.build();
    }

    /** docker_gwbridge is a local network the lab does not list; its subnet is the bridge's own prefix. */
    private static Optional<Network> gatewayBridge(JsonNode labNode) {
        for (JsonNode ns : labNode.path("namespaces")) {
            for (JsonNode i : ns.path("interfaces")) {
                if (ns.path("kind").asText().equals("node") && i.path("name").asText().equals(PointNames.GATEWAY_BRIDGE)
                        && i.path("addresses").size() > 0) {
                    String cidr = i.path("addresses").get(0).asText();
                    return Optional.of(Network.newBuilder().setId(PointNames.GATEWAY_BRIDGE)
                            .setName(PointNames.GATEWAY_BRIDGE).setDriver("bridge")
                            .setScope(NetworkScope.NETWORK_SCOPE_LOCAL)
                            .addSubnets(Subnet.newBuilder().setCidr(Ipv4Prefix.network(cidr))
                                    .setGateway(cidr.substring(0, cidr.indexOf('/'))))
                            .build());
                }
            }
        }
        return Optional.empty();
    }

    /** A container sandbox, matched by address to the task or standalone container the lab lists. */
    private static Container container(JsonNode ns, JsonNode root) {
        Container.Builder c = Container.newBuilder().setId(ns.path("name").asText(""))
                .setName(ns.path("container").asText(ns.path("name").asText("")))
                .setSandboxKey(ns.path("path").asText(""));
        for (JsonNode task : root.path("tasks")) {
            if (sharesAddress(ns, task)) {
                c.setId(task.path("container").asText(c.getId())).setTaskId(task.path("id").asText(""))
                        .setServiceName(task.path("service").asText(""));
                attachments(task, c);
                return c.build();
            }
        }
        for (JsonNode standalone : root.path("containers")) {
            if (sharesAddress(ns, standalone)) {
                c.setId(standalone.path("id").asText(c.getId()));
                attachments(standalone, c);
                return c.build();
            }
        }
        return c.build();
    }

    private static void attachments(JsonNode owner, Container.Builder c) {
        for (JsonNode a : owner.path("addresses")) {
            c.addNetworks(NetworkAttachment.newBuilder().setNetworkName(a.path("network").asText(""))
                    .addAddresses(a.path("address").asText("")));
        }
    }

    private static boolean sharesAddress(JsonNode ns, JsonNode owner) {
        for (JsonNode a : owner.path("addresses")) {
            for (JsonNode i : ns.path("interfaces")) {
                for (JsonNode mine : i.path("addresses")) {
                    if (mine.asText().equals(a.path("address").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasAddress(JsonNode iface, String address) {
        for (JsonNode a : iface.path("addresses")) {
            String text = a.asText();
            if (!address.isEmpty() && (text.equals(address) || text.startsWith(address + "/"))) {
                return true;
            }
        }
        return false;
    }
}
