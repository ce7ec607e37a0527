package io.dockercanvas.collector.cli;

import static io.dockercanvas.collector.wire.WireJourneys.dst;
import static io.dockercanvas.collector.wire.WireJourneys.outerDst;
import static io.dockercanvas.collector.wire.WireJourneys.outerSrc;
import static io.dockercanvas.collector.wire.WireJourneys.src;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.wire.WireJourneys;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hop order of packets leaving node2 on real lab captures, where node2's taps stamp {@code vxlan0}
 * before {@code br0} and the outside client's capture ties with the underlay bridge's: the order
 * must come from the addresses (the tunnel's outer source, the nodes' and the outside client's
 * addresses), not from the stamps.
 */
class ReplyOrderTest {

  /** Replies recorded on the lab (collector/src/test/resources/replies, README there). */
  private static final Path REPLIES =
      Path.of("src", "test", "resources", "replies").toAbsolutePath();

  private static final String WEB = "10.0.1.2";
  private static final String WEB_ON_GATEWAY = "172.17.0.3";
  private static final String OUTSIDE = "198.51.100.100";
  private static final String NODE2 = "198.51.100.12";
  private static final List<String> NODE_ADDRESSES =
      List.of(
          "--node-address",
          "node1=198.51.100.11",
          "--node-address",
          "node2=" + NODE2,
          "--node-address",
          "node3=198.51.100.13");

  @Test
  void journeys_repliesLeavingNode2WithOnlyTheUnderlayVtepAndBridge_bridgeThenVtepThenWire() {
    for (boolean containerPoint : List.of(false, true)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--capture",
                  replies("wire", "cvlab0"),
                  "--capture",
                  replies("node2", "wordpress_net/vxlan0"),
                  "--capture",
                  replies("node2", "wordpress_net/br0")));
      List<String> egress =
          new ArrayList<>(
              List.of("node2/wordpress_net/br0", "node2/wordpress_net/vxlan0", "wire/cvlab0"));
      if (containerPoint) {
        args.addAll(List.of("--capture", replies("node2", "web/eth0")));
        egress.add(0, "node2/web/eth0");
      }
      List<Journey> journeys = journeys(args, NODE_ADDRESSES);

      List<Journey> leaving =
          matching(journeys, hop -> hop.getObservation().hasOuter() && outerSrc(hop).equals(NODE2));
      assertThat(
              leaving.stream()
                  .filter(j -> src(hop(j, 0)).equals(WEB) && !dst(hop(j, 0)).equals("10.0.1.4")))
          .as("web's replies to the client: 4 HTTP connections of 5 segments, 4 pings")
          .hasSizeGreaterThanOrEqualTo(24);
      assertThat(leaving)
          .as("with the container point: " + containerPoint)
          .allSatisfy(
              j -> {
                assertThat(points(j)).containsExactlyElementsOf(egress);
                assertThat(kinds(j, egress.size() - 1)).containsExactly("ENCAP");
              });
      List<Journey> arriving =
          matching(journeys, hop -> hop.getObservation().hasOuter() && outerDst(hop).equals(NODE2));
      assertThat(arriving)
          .isNotEmpty()
          .allSatisfy(j -> assertThat(points(j)).containsExactlyElementsOf(reversed(egress)));
    }
  }

  @Test
  void journeys_publishedPortWithTheOutsideClientsAddress_repliesEndAtTheOutsideClient() {
    // with and without node2's NIC: without it the NAT shows between docker_gwbridge and the wire
    for (boolean nic : List.of(true, false)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--capture",
                  replies("node2", "web/eth1"),
                  "--capture",
                  replies("node2", "docker_gwbridge"),
                  "--capture",
                  replies("wire", "cvlab0"),
                  "--capture",
                  replies("outside", "eth0"),
                  "--node-address",
                  "outside=" + OUTSIDE,
                  "--port",
                  "8001"));
      List<String> path =
          new ArrayList<>(
              List.of("node2/web/eth1", "node2/docker_gwbridge", "wire/cvlab0", "outside/eth0"));
      if (nic) {
        args.addAll(List.of("--capture", replies("node2", "eth0")));
        path.add(2, "node2/eth0");
      }
      List<Journey> journeys = journeys(args, NODE_ADDRESSES);

      List<Journey> replies = matching(journeys, hop -> src(hop).equals(WEB_ON_GATEWAY));
      assertThat(replies)
          .as("20 replies to the outside client, NIC captured: " + nic)
          .hasSize(20)
          .allSatisfy(j -> assertThat(points(j)).containsExactlyElementsOf(path));
      List<Journey> requests = matching(journeys, hop -> dst(hop).equals(WEB_ON_GATEWAY));
      assertThat(requests)
          .as("requests, NIC captured: " + nic)
          .hasSizeGreaterThanOrEqualTo(20)
          .allSatisfy(j -> assertThat(points(j)).containsExactlyElementsOf(reversed(path)));
    }
  }

  @Test
  void journeys_manifestBesideItsCaptureJson_nodesAndOutsideClientAddressesComeFromIt() {
    List<Journey> journeys =
        journeys(
            List.of("--manifest", REPLIES.resolve("manifest.json").toString(), "--port", "8001"),
            List.of());

    List<Journey> replies = matching(journeys, hop -> src(hop).equals(WEB_ON_GATEWAY));
    assertThat(replies)
        .hasSize(20)
        .allSatisfy(
            j ->
                assertThat(points(j))
                    .containsExactly(
                        "node2/web/eth1",
                        "node2/docker_gwbridge",
                        "node2/eth0",
                        "wire/cvlab0",
                        "outside/eth0"));
  }

  /**
   * The lab sample (deploy/lab/sample), played from a manifest of its own files: every point, then
   * without the container points and the nodes' NICs (the underlay bridge is the only underlay
   * capture left).
   */
  @Test
  void journeys_labSampleWithAndWithoutContainerPoints_webRepliesLeaveNode2ByBridgeVtepWire(
      @TempDir Path dir) throws IOException {
    JsonObject recorded =
        new JsonObject(Files.readString(LabSample.SAMPLE.resolve("capture.json")));
    List<String> addresses = new ArrayList<>();
    recorded.getJsonArray("nodes").stream()
        .map(JsonObject.class::cast)
        .forEach(
            n ->
                addresses.addAll(
                    List.of("--node-address", n.getString("name") + "=" + n.getString("address"))));
    addresses.addAll(
        List.of(
            "--node-address", "outside=" + recorded.getJsonObject("outside").getString("address")));

    for (boolean everyPoint : List.of(true, false)) {
      Path manifest =
          sampleManifest(
              dir.resolve(everyPoint ? "all" : "underlay-bridge-only"),
              entry ->
                  everyPoint
                      || !(entry.getString("point").matches("(web|db|client)/.*")
                          || entry.getString("node").startsWith("node")
                              && entry.getString("point").equals("eth0")));
      List<Journey> journeys = journeys(List.of("--manifest", manifest.toString()), addresses);

      List<Journey> webToClient =
          matching(journeys, hop -> src(hop).equals(WEB) && dst(hop).equals("10.0.1.6"));
      List<String> node2 =
          everyPoint
              ? List.of(
                  "node2/web/eth0",
                  "node2/wordpress_net/br0",
                  "node2/wordpress_net/vxlan0",
                  "node2/eth0")
              : List.of("node2/wordpress_net/br0", "node2/wordpress_net/vxlan0");
      List<String> node1 =
          everyPoint
              ? List.of(
                  "node1/eth0",
                  "node1/wordpress_net/vxlan0",
                  "node1/wordpress_net/br0",
                  "node1/client/eth0")
              : List.of("node1/wordpress_net/vxlan0", "node1/wordpress_net/br0");
      List<String> path =
          Stream.of(node2, List.of("wire/cvlab0"), node1).flatMap(List::stream).toList();
      assertThat(webToClient)
          .as("every point: " + everyPoint)
          .hasSizeGreaterThanOrEqualTo(6 * 5)
          .allSatisfy(j -> assertThat(points(j)).containsExactlyElementsOf(path));
    }
  }

  private static Path sampleManifest(Path dir, Predicate<JsonObject> keep) throws IOException {
    JsonArray recorded = new JsonArray(Files.readString(LabSample.SAMPLE.resolve("manifest.json")));
    JsonArray kept = new JsonArray();
    recorded.stream()
        .map(JsonObject.class::cast)
        .filter(keep)
        .forEach(
            e ->
                kept.add(
                    new JsonObject()
                        .put("node", e.getString("node"))
                        .put("point", e.getString("point"))
                        .put("file", LabSample.SAMPLE.resolve(e.getString("file")).toString())));
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("manifest.json"), kept.encodePrettily());
  }

  private static List<Journey> journeys(List<String> captures, List<String> addresses) {
    List<String> args =
        new ArrayList<>(List.of("journeys", "--json", "--same-clock", "--min-hops", "2"));
    args.addAll(captures);
    args.addAll(addresses);
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    return run.journeys();
  }

  private static List<String> reversed(List<String> path) {
    List<String> reversed = new ArrayList<>(path);
    Collections.reverse(reversed);
    return reversed;
  }

  private static String replies(String node, String point) {
    return node
        + ":"
        + point
        + "="
        + REPLIES.resolve(node + "__" + point.replace("/", "__") + ".pcap");
  }

  /** Journeys with some hop matching. */
  private static List<Journey> matching(List<Journey> journeys, Predicate<Hop> hop) {
    return journeys.stream().filter(j -> j.getHopsList().stream().anyMatch(hop)).toList();
  }

  private static Hop hop(Journey journey, int index) {
    return journey.getHops(index);
  }

  private static List<String> points(Journey journey) {
    return WireJourneys.points(journey, "/");
  }

  private static List<String> kinds(Journey journey, int hop) {
    return WireJourneys.kinds(hop(journey, hop));
  }
}
