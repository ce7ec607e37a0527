package io.dockercanvas.collector.cli;

import static io.dockercanvas.collector.cli.LabSample.ROUTING_MESH;
import static io.dockercanvas.collector.wire.WireJourneys.dport;
import static io.dockercanvas.collector.wire.WireJourneys.dst;
import static io.dockercanvas.collector.wire.WireJourneys.kinds;
import static io.dockercanvas.collector.wire.WireJourneys.sport;
import static io.dockercanvas.collector.wire.WireJourneys.src;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.wire.WireJourneys;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * NAT on replies, on real recordings: conntrack reverses the request's DNAT and SNAT, and the
 * journeys say un-SNAT / un-DNAT there instead of naming it as a NAT of the reply's own.
 */
class ReplyNatTest {

  private static final Path REPLIES =
      Path.of("src", "test", "resources", "replies").toAbsolutePath();
  private static final String TASK = "10.0.0.108";
  private static final String[] MESH = {
    "--manifest",
    ROUTING_MESH.resolve("manifest.json").toString(),
    "--node-address",
    "manager=203.0.113.11",
    "--node-address",
    "worker=203.0.113.12"
  };

  @Test
  void journeys_routingMeshReplies_ingressSandboxAndNicUndoTheRequestsNat() {
    CliRun run = CliRun.of(args("--json"));

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> replies =
        run.journeys().stream().filter(j -> src(hop(j, 0)).equals(TASK)).toList();
    List<Journey> requests =
        run.journeys().stream()
            .filter(j -> dst(hop(j, 0)).equals("203.0.113.11") && dport(hop(j, 0)) == 8001)
            .toList();
    assertThat(replies)
        .as("the task's answers")
        .hasSizeGreaterThanOrEqualTo(15)
        .allSatisfy(
            j -> {
              int client = dport(hop(j, 0));
              assertThat(rewrites(j, "manager/ingress_sbox/eth1"))
                  .containsExactly(
                      Map.entry("UN_SNAT", "10.0.0.2:" + client + " → 203.0.113.100:" + client),
                      Map.entry("UN_DNAT", "10.0.0.108:8001 → 172.21.0.2:8001"));
              assertThat(rewrites(j, "manager/eth0"))
                  .containsExactly(Map.entry("UN_DNAT", "172.21.0.2:8001 → 203.0.113.11:8001"));
              assertThat(kinds(j)).doesNotContain("DNAT", "SNAT", "REDIRECT");
            });
    assertThat(requests)
        .as("the client's segments")
        .hasSizeGreaterThanOrEqualTo(15)
        .allSatisfy(
            j -> {
              int client = sport(hop(j, 0));
              assertThat(rewrites(j, "manager/ingress_sbox/eth0"))
                  .containsExactly(
                      Map.entry("DNAT", "172.21.0.2:8001 → 10.0.0.108:8001"),
                      Map.entry("SNAT", "203.0.113.100:" + client + " → 10.0.0.2:" + client));
              assertThat(kinds(j)).doesNotContain("UN_DNAT", "UN_SNAT");
            });
  }

  @Test
  void journeys_routingMeshTable_replyHopSaysItReversesTheRequestsNat() {
    CliRun run = CliRun.of(args("--min-hops", "11"));

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "un-SNAT 10.0.0.2:42478 → 203.0.113.100:42478; un-DNAT 10.0.0.108:8001 → 172.21.0.2:8001 "
                + "(reply: conntrack reverses the request's NAT)")
        .contains(
            "un-DNAT 172.21.0.2:8001 → 203.0.113.11:8001 (reply: conntrack reverses the request's NAT)")
        .contains(
            "DNAT 172.21.0.2:8001 → 10.0.0.108:8001; SNAT 203.0.113.100:42478 → 10.0.0.2:42478\n");
  }

  @Test
  void journeys_hostModePublishReplies_nicUndoesThePublishDnat() {
    CliRun run =
        CliRun.of(
            "journeys",
            "--json",
            "--port",
            "8001",
            "--capture",
            "node2:eth0=" + REPLIES.resolve("node2__eth0.pcap"),
            "--capture",
            "node2:docker_gwbridge=" + REPLIES.resolve("node2__docker_gwbridge.pcap"));

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> replies = matching(run.journeys(), h -> src(h).equals("172.17.0.3"));
    assertThat(replies)
        .as("web's 20 replies to the outside client")
        .hasSize(20)
        .allSatisfy(
            j ->
                assertThat(rewrites(j, "node2/eth0"))
                    .containsExactly(Map.entry("UN_DNAT", "172.17.0.3:80 → 198.51.100.12:8001")));
    List<Journey> requests = matching(run.journeys(), h -> dst(h).equals("172.17.0.3"));
    assertThat(requests)
        .hasSizeGreaterThanOrEqualTo(20)
        .allSatisfy(
            j ->
                assertThat(rewrites(j, "node2/docker_gwbridge"))
                    .extracting(Map.Entry::getKey)
                    .containsExactly("DNAT"));
  }

  private static String[] args(String... more) {
    String[] args = new String[1 + MESH.length + more.length];
    args[0] = "journeys";
    System.arraycopy(MESH, 0, args, 1, MESH.length);
    System.arraycopy(more, 0, args, 1 + MESH.length, more.length);
    return args;
  }

  private static List<Journey> matching(List<Journey> journeys, Predicate<Hop> hop) {
    return journeys.stream().filter(j -> j.getHopsList().stream().anyMatch(hop)).toList();
  }

  private static Hop hop(Journey journey, int index) {
    return journey.getHops(index);
  }

  /** The rewrites at the hop of that node/point: kind and "before → after". */
  private static List<Map.Entry<String, String>> rewrites(Journey journey, String point) {
    int at = WireJourneys.points(journey, "/").indexOf(point);
    assertThat(at).as(point).isNotNegative();
    List<Map.Entry<String, String>> rewrites = new ArrayList<>();
    for (int r = 0; r < journey.getHops(at).getRewritesCount(); r++) {
      rewrites.add(
          Map.entry(
              WireJourneys.kind(journey.getHops(at).getRewrites(r)),
              WireJourneys.before(journey, at, r) + " → " + WireJourneys.after(journey, at, r)));
    }
    return rewrites;
  }
}
