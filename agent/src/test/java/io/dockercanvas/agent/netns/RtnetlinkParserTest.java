package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Parses rtnetlink dumps recorded from real namespaces (resources netns/*.bin, made with
 * record-netlink.py there) and checks every field against what iproute2 printed for the same
 * namespace at the same moment ({@code ip -j -d link show}, {@code bridge -j fdb show}).
 */
class RtnetlinkParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void links_overlayNamespace_matchesIproute2() throws IOException {
    List<NetInterface> links = RtnetlinkParser.links(resource("overlay.links.bin"));

    assertMatchesIproute2(links, json("overlay.ip-link.json"));
    assertThat(links)
        .extracting(NetInterface::name)
        .containsExactly("lo", "br0", "vxlan0", "veth0");
  }

  @Test
  void links_overlayNamespace_readsVxlanSettingsAndBridgePorts() throws IOException {
    NamespaceInventory inventory =
        new NamespaceInventory(RtnetlinkParser.links(resource("overlay.links.bin")), List.of());

    NetInterface bridge = inventory.interfaceNamed("br0").orElseThrow();
    NetInterface vxlan = inventory.interfaceNamed("vxlan0").orElseThrow();
    assertThat(bridge.kind()).isEqualTo("bridge");
    assertThat(vxlan.vxlan()).isEqualTo(new NetInterface.VxlanSettings(4097, 4789, "203.0.113.11"));
    assertThat(vxlan.mtu()).isEqualTo(1450);
    assertThat(inventory.portsOf(bridge))
        .extracting(NetInterface::name)
        .containsExactly("vxlan0", "veth0");
    assertThat(inventory.interfaceNamed("veth0").orElseThrow().linkInOtherNamespace()).isTrue();
  }

  @Test
  void links_containerNamespace_matchesIproute2() throws IOException {
    List<NetInterface> links = RtnetlinkParser.links(resource("container.links.bin"));

    assertMatchesIproute2(links, json("container.ip-link.json"));
    NetInterface eth0 = links.get(1);
    assertThat(eth0.kind()).isEqualTo("veth");
    assertThat(eth0.vethPeerIndex()).isEqualTo(4);
    assertThat(eth0.isVxlan()).isFalse();
  }

  @Test
  void fdb_overlayNamespace_matchesBridgeFdbShow() throws IOException {
    List<NetInterface> links = RtnetlinkParser.links(resource("overlay.links.bin"));
    List<FdbEntry> fdb = RtnetlinkParser.fdb(resource("overlay.fdb.bin"));
    Map<Integer, String> names =
        links.stream().collect(Collectors.toMap(NetInterface::index, NetInterface::name));

    List<String> expected = new ArrayList<>();
    for (JsonNode entry : json("overlay.bridge-fdb.json")) {
      expected.add(
          String.join(
              "|",
              entry.path("mac").asText(),
              entry.path("ifname").asText(),
              entry.path("dst").asText(""),
              entry.path("master").asText(""),
              String.valueOf(contains(entry.path("flags"), "self")),
              entry.path("state").asText()));
    }
    List<String> actual =
        fdb.stream()
            .map(
                e ->
                    String.join(
                        "|",
                        e.mac(),
                        names.get(e.interfaceIndex()),
                        e.hasRemote() ? e.remoteAddress() : "",
                        e.masterIndex() == 0 ? "" : names.get(e.masterIndex()),
                        String.valueOf(e.self()),
                        e.permanent() ? "permanent" : ""))
            .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void remoteVteps_overlayNamespace_listsEachVxlanDestinationOnce() throws IOException {
    NamespaceInventory inventory =
        new NamespaceInventory(
            RtnetlinkParser.links(resource("overlay.links.bin")),
            RtnetlinkParser.fdb(resource("overlay.fdb.bin")));

    assertThat(inventory.remoteVteps()).containsExactly("203.0.113.12");
  }

  @Test
  void links_truncatedDump_failsWithClearError() throws IOException {
    byte[] dump = resource("overlay.links.bin");
    byte[] truncated = Arrays.copyOf(dump, dump.length - 7);

    assertThatThrownBy(() -> RtnetlinkParser.links(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad length");
  }

  @Test
  void links_emptyDump_isEmpty() {
    assertThat(RtnetlinkParser.links(new byte[0])).isEmpty();
  }

  @Test
  void addresses_handMadeNamespace_matchIproute2LessIpv6LinkLocal() throws IOException {
    List<InterfaceAddress> addresses = RtnetlinkParser.addresses(resource("addresses.addrs.bin"));

    List<InterfaceAddress> expected = new ArrayList<>();
    for (JsonNode link : json("addresses.ip-addr.json")) {
      for (JsonNode address : link.path("addr_info")) {
        boolean ipv6LinkLocal =
            address.path("family").asText().equals("inet6")
                && address.path("scope").asText().equals("link");
        if (!ipv6LinkLocal) {
          expected.add(
              new InterfaceAddress(
                  link.path("ifindex").asInt(),
                  address.path("local").asText() + "/" + address.path("prefixlen").asInt()));
        }
      }
    }
    assertThat(addresses).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(new NamespaceInventory(List.of(), List.of(), addresses).addressesOf(3))
        .containsExactly("203.0.113.7/24", "fd00::7/64");
  }

  private static void assertMatchesIproute2(List<NetInterface> links, JsonNode ipLinks) {
    Map<String, NetInterface> byName =
        links.stream().collect(Collectors.toMap(NetInterface::name, Function.identity()));
    Map<String, Integer> indexByName =
        links.stream().collect(Collectors.toMap(NetInterface::name, NetInterface::index));
    assertThat(links).hasSize(ipLinks.size());
    for (JsonNode ip : ipLinks) {
      NetInterface link = byName.get(ip.path("ifname").asText());
      assertThat(link).as(ip.path("ifname").asText()).isNotNull();
      assertThat(link.index()).isEqualTo(ip.path("ifindex").asInt());
      assertThat(link.mac()).isEqualTo(ip.path("address").asText());
      assertThat(link.mtu()).isEqualTo(ip.path("mtu").asInt());
      assertThat(link.up()).isEqualTo(contains(ip.path("flags"), "UP"));
      String kind =
          ip.path("linkinfo")
              .path("info_kind")
              .asText(ip.path("link_type").asText().equals("loopback") ? "loopback" : "device");
      assertThat(link.kind()).isEqualTo(kind);
      int master = ip.has("master") ? indexByName.get(ip.path("master").asText()) : 0;
      assertThat(link.masterIndex()).isEqualTo(master);
      if (ip.has("link_index")) {
        assertThat(link.linkIndex()).isEqualTo(ip.path("link_index").asInt());
        assertThat(link.linkInOtherNamespace()).isEqualTo(ip.has("link_netnsid"));
      }
      JsonNode data = ip.path("linkinfo").path("info_data");
      if (kind.equals("vxlan")) {
        assertThat(link.vxlan())
            .isEqualTo(
                new NetInterface.VxlanSettings(
                    data.path("id").asInt(),
                    data.path("port").asInt(),
                    data.path("local").asText()));
      } else {
        assertThat(link.vxlan()).isNull();
      }
    }
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = RtnetlinkParserTest.class.getResourceAsStream("/netns/" + name)) {
      assertThat(in).as("test resource netns/" + name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static JsonNode json(String name) throws IOException {
    return JSON.readTree(resource(name));
  }
}
