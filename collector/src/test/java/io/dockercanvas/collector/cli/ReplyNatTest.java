package io.dockercanvas.collector.cli;

import static io.dockercanvas.collector.cli.LabSample.ROUTING_MESH;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
    List<JsonObject> replies =
        run.jsonLines().stream().filter(j -> hop(j, 0).getString("src").equals(TASK)).toList();
    List<JsonObject> requests =
        run.jsonLines().stream()
            .filter(
                j ->
                    hop(j, 0).getString("dst").equals("203.0.113.11")
                        && hop(j, 0).getInteger("dport") == 8001)
            .toList();
    assertThat(replies)
        .as("the task's answers")
        .hasSizeGreaterThanOrEqualTo(15)
        .allSatisfy(
            j -> {
              int client = hop(j, 0).getInteger("dport");
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
              int client = hop(j, 0).getInteger("sport");
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
    List<JsonObject> replies =
        matching(run.jsonLines(), h -> h.getString("src").equals("172.17.0.3"));
    assertThat(replies)
        .as("web's 20 replies to the outside client")
        .hasSize(20)
        .allSatisfy(
            j ->
                assertThat(rewrites(j, "node2/eth0"))
                    .containsExactly(Map.entry("UN_DNAT", "172.17.0.3:80 → 198.51.100.12:8001")));
    List<JsonObject> requests =
        matching(run.jsonLines(), h -> h.getString("dst").equals("172.17.0.3"));
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

  private static List<JsonObject> matching(List<JsonObject> journeys, Predicate<JsonObject> hop) {
    return journeys.stream()
        .filter(j -> j.getJsonArray("hops").stream().map(JsonObject.class::cast).anyMatch(hop))
        .toList();
  }

  private static JsonObject hop(JsonObject journey, int index) {
    return journey.getJsonArray("hops").getJsonObject(index);
  }

  /** The rewrites at the hop of that node/point: kind and "before → after". */
  private static List<Map.Entry<String, String>> rewrites(JsonObject journey, String point) {
    JsonObject hop =
        journey.getJsonArray("hops").stream()
            .map(JsonObject.class::cast)
            .filter(h -> (h.getString("node") + "/" + h.getString("point")).equals(point))
            .findFirst()
            .orElseThrow();
    return hop.getJsonArray("rewrites").stream()
        .map(JsonObject.class::cast)
        .map(
            r ->
                Map.entry(
                    r.getString("kind"), r.getString("before") + " → " + r.getString("after")))
        .toList();
  }

  private static List<String> kinds(JsonObject journey) {
    return journey.getJsonArray("hops").stream()
        .map(JsonObject.class::cast)
        .flatMap(h -> h.getJsonArray("rewrites").stream().map(JsonObject.class::cast))
        .map(r -> r.getString("kind"))
        .toList();
  }
}
