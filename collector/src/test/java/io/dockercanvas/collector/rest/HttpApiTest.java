package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpApiTest {

  private CollectorCore core;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    core = HttpFixtures.core();
    HttpFixtures.synAndSynAck(core);
    HttpSettings settings =
        new HttpSettings(ListenAddress.parse("127.0.0.1:0", "--listen"), Optional.empty());
    CollectorHttp.start(vertx, core, settings)
        .onComplete(
            ctx.succeeding(
                server -> {
                  client =
                      WebClient.create(
                          vertx,
                          new WebClientOptions()
                              .setDefaultPort(server.actualPort())
                              .setDefaultHost("127.0.0.1"));
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void journeys_routingMesh_hopsWithRewritesExactTimesAndStoreFill(VertxTestContext ctx) {
    get(
        ctx,
        check(
            "/api/v1/journeys?limit=10",
            response -> {
              assertThat(response.statusCode()).isEqualTo(200);
              JsonObject body = response.bodyAsJsonObject();
              assertThat(body.getLong("kept")).isEqualTo(2);
              assertThat(body.getLong("seen")).isEqualTo(2);
              JsonObject syn = body.getJsonArray("journeys").getJsonObject(0);
              assertThat(syn.getString("fp"))
                  .isEqualTo(String.format("%016x", SwarmPackets.SYN_FP));
              assertThat(syn.getString("traffic_class")).isEqualTo("TRAFFIC_CLASS_DATA");
              JsonArray hops = syn.getJsonArray("hops");
              assertThat(hops).hasSize(11);
              JsonObject first = hops.getJsonObject(0);
              assertThat(first.getString("node")).isEqualTo("manager");
              assertThat(first.getString("point")).isEqualTo("eth0");
              assertThat(first.getLong("ts_ns")).isEqualTo(SwarmPackets.T0);
              assertThat(first.getValue("latency_ns")).isNull();
              assertThat(first.getString("proto")).isEqualTo("TCP");
              JsonObject dnat = hops.getJsonObject(1).getJsonArray("rewrites").getJsonObject(0);
              assertThat(dnat.getString("kind")).isEqualTo("DNAT");
              assertThat(dnat.getString("before")).isEqualTo("203.0.113.11:8001");
              assertThat(dnat.getString("after")).isEqualTo("172.21.0.2:8001");
              JsonObject wire = hops.getJsonObject(6);
              assertThat(wire.getInteger("vni")).isEqualTo(4096);
              assertThat(wire.getJsonObject("outer").getString("dst")).isEqualTo("203.0.113.12");
              assertThat(wire.getJsonArray("rewrites").getJsonObject(0).getString("kind"))
                  .isEqualTo("ENCAP");
              assertThat(hops.getJsonObject(7).getValue("latency_ns"))
                  .as("another node's clock")
                  .isNull();
            }));
  }

  @Test
  void journeys_filters_selectByNodePortAndIp(VertxTestContext ctx) {
    get(
        ctx,
        check(
            "/api/v1/journeys?node=worker&port=8001&ip=203.0.113.100&network=ingress",
            response ->
                assertThat(response.bodyAsJsonObject().getJsonArray("journeys")).hasSize(2)));
  }

  /** The SYN goes client → published port → task web.1 (10.0.0.108); the SYN-ACK comes back. */
  @Test
  void journeys_directionAwareFilters_selectTheRequestOrTheReply(VertxTestContext ctx) {
    String syn = "TCP 203.0.113.100:42478 > 203.0.113.11:8001";
    String synAck = "TCP 10.0.0.108:8001 > 10.0.0.2:42478";
    get(
        ctx,
        firstHops("/api/v1/journeys?from_ip=203.0.113.100", syn),
        firstHops("/api/v1/journeys?to_ip=203.0.113.100", synAck),
        firstHops("/api/v1/journeys?not.from_ip=203.0.113.100", synAck),
        firstHops("/api/v1/journeys?to_service=web", syn),
        firstHops("/api/v1/journeys?from_service=web", synAck),
        firstHops("/api/v1/journeys?from_service=db"),
        firstHops("/api/v1/journeys?rewrite=DNAT", syn),
        firstHops("/api/v1/journeys?rewrite=un_dnat", synAck),
        firstHops("/api/v1/journeys?point=manager:ingress_sbox/eth1&rewrite=dnat", syn),
        firstHops("/api/v1/journeys?point=nowhere:eth0"),
        firstHops("/api/v1/journeys?traffic=data&proto=tcp", syn, synAck),
        firstHops("/api/v1/journeys?traffic=control"),
        firstHops("/api/v1/journeys?not.traffic=control&since=2026-11-18T00:00:00Z", syn, synAck),
        firstHops("/api/v1/journeys?until=2020-01-01T00:00:00Z"),
        firstHops("/api/v1/journeys?since=10m"),
        firstHops("/api/v1/journeys?since=2020-01-01T00:00:00Z&until=1m", syn, synAck));
  }

  /** The journeys the query lists, by the protocol and endpoints of their first hop. */
  private static Check firstHops(String path, String... expected) {
    return check(
        path,
        response -> {
          assertThat(response.statusCode()).as(path).isEqualTo(200);
          List<String> firsts = new java.util.ArrayList<>();
          for (Object j : response.bodyAsJsonObject().getJsonArray("journeys")) {
            JsonObject hop = ((JsonObject) j).getJsonArray("hops").getJsonObject(0);
            firsts.add(
                String.format(
                    "%s %s:%d > %s:%d",
                    hop.getString("proto"),
                    hop.getString("src"),
                    hop.getInteger("sport"),
                    hop.getString("dst"),
                    hop.getInteger("dport")));
          }
          assertThat(firsts).as(path).containsExactlyInAnyOrder(expected);
        });
  }

  @Test
  void journeys_badQuery_badRequestNamingTheParameter(VertxTestContext ctx) {
    get(
        ctx,
        check(
            "/api/v1/journeys?ip=db.internal",
            response -> {
              assertThat(response.statusCode()).isEqualTo(400);
              assertThat(response.bodyAsJsonObject().getString("error"))
                  .startsWith("ip: 'db.internal' is not an IP");
            }));
  }

  @Test
  void journeys_everyKindOfBadFilter_badRequestNamingTheParameterAndStillHealthy(
      VertxTestContext ctx) {
    get(
        ctx,
        badRequest("/api/v1/journeys?port=0", "port: '0' is not a port (1-65535)"),
        badRequest("/api/v1/journeys?port=http", "port: 'http' is not a port"),
        badRequest("/api/v1/journeys?vni=16777216", "vni: '16777216' is not a VNI (0-16777215)"),
        badRequest("/api/v1/journeys?proto=quic", "proto: 'quic' is not a protocol (tcp, udp"),
        badRequest("/api/v1/journeys?from_ip=web", "from_ip: 'web' is not an IP address"),
        badRequest("/api/v1/journeys?to_ip=10.0.0.0/40", "to_ip: '10.0.0.0/40'"),
        badRequest("/api/v1/journeys?to_service=", "to_service: empty"),
        badRequest("/api/v1/journeys?rewrite=NAT", "rewrite: 'NAT' is not one of DNAT, SNAT"),
        badRequest("/api/v1/journeys?traffic=bulk", "traffic: 'bulk' is not one of data, control"),
        badRequest("/api/v1/journeys?verdict=LOST", "verdict: 'LOST' is not a verdict"),
        badRequest("/api/v1/journeys?not.port=0", "not.port: '0' is not a port"),
        badRequest("/api/v1/journeys?since=yesterday", "since: 'yesterday' is neither a time"),
        badRequest("/api/v1/journeys?until=5x", "until: '5x' is neither"),
        badRequest(
            "/api/v1/journeys?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
            "since: is after until"),
        badRequest("/api/v1/journeys?form_ip=10.0.0.1", "form_ip: unknown parameter (filters:"),
        badRequest("/api/v1/journeys?not.limit=5", "not.limit: unknown parameter"),
        badRequest("/api/v1/journeys?limit=0", "limit: '0'"),
        badRequest("/api/v1/journeys?node=", "node: empty"),
        badRequest("/api/v1/journeys?ip=300.1.1.1", "ip: '300.1.1.1'"),
        badRequest("/api/v1/journeys?ip=10.0.0.0/33", "ip: '10.0.0.0/33'"),
        check("/healthz", response -> assertThat(response.statusCode()).isEqualTo(200)));
  }

  private static Check badRequest(String path, String error) {
    return check(
        path,
        response -> {
          assertThat(response.statusCode()).as(path).isEqualTo(400);
          assertThat(response.bodyAsJsonObject().getString("error")).as(path).startsWith(error);
        });
  }

  @Test
  void journeyById_knownUnknownAndMalformed(VertxTestContext ctx) {
    long id = core.journeys().find(j -> true).orElseThrow().id();
    get(
        ctx,
        check(
            "/api/v1/journeys/" + id,
            ok -> assertThat(ok.bodyAsJsonObject().getString("id")).isEqualTo("" + id)),
        check("/api/v1/journeys/999", missing -> assertThat(missing.statusCode()).isEqualTo(404)),
        check(
            "/api/v1/journeys/abc",
            bad -> assertThat(bad.bodyAsJsonObject().getString("error")).startsWith("id:")));
  }

  @Test
  void pcap_journey_pcapFileWithEveryHop(VertxTestContext ctx) {
    long id = core.journeys().find(j -> true).orElseThrow().id();
    get(
        ctx,
        check(
            "/api/v1/journeys/" + id + "/pcap",
            response -> {
              assertThat(response.getHeader("Content-Type"))
                  .isEqualTo("application/vnd.tcpdump.pcap");
              assertThat(response.getHeader("Content-Disposition"))
                  .contains("journey-" + id + ".pcap");
              ByteBuffer b =
                  ByteBuffer.wrap(response.bodyAsBuffer().getBytes())
                      .order(ByteOrder.LITTLE_ENDIAN);
              assertThat(b.getInt(0)).isEqualTo(0xa1b23c4d);
              assertThat(b.getInt(32)).as("first frame length").isEqualTo(54);
            }));
  }

  @Test
  void pcapng_oneJourneyAndAFilteredSet_pcapngFiles(VertxTestContext ctx) {
    long id = core.journeys().find(j -> true).orElseThrow().id();
    get(
        ctx,
        check(
            "/api/v1/journeys/" + id + "/pcap?format=pcapng",
            response -> {
              assertThat(response.getHeader("Content-Type")).isEqualTo("application/x-pcapng");
              assertThat(response.getHeader("Content-Disposition"))
                  .contains("journey-" + id + ".pcapng");
              ByteBuffer b =
                  ByteBuffer.wrap(response.bodyAsBuffer().getBytes())
                      .order(ByteOrder.LITTLE_ENDIAN);
              assertThat(b.getInt(0)).as("section header block").isEqualTo(0x0A0D0D0A);
              assertThat(b.getInt(8)).as("byte-order magic").isEqualTo(0x1A2B3C4D);
            }));
  }

  @Test
  void pcapng_setWithFilters_andBadFormatsNamed(VertxTestContext ctx) {
    get(
        ctx,
        check(
            "/api/v1/journeys/pcap?format=pcap",
            response -> {
              assertThat(response.statusCode()).isEqualTo(400);
              assertThat(response.bodyAsString()).contains("format: 'pcap'", "format=pcapng");
            }));
  }

  @Test
  void pcapng_setOfTheQuery_isAPcapngFile(VertxTestContext ctx) {
    get(
        ctx,
        check(
            "/api/v1/journeys/pcap?limit=5",
            response -> {
              assertThat(response.statusCode()).isEqualTo(200);
              assertThat(response.getHeader("Content-Type")).isEqualTo("application/x-pcapng");
              assertThat(response.bodyAsBuffer().getInt(0)).isEqualTo(0x0A0D0D0A);
            }));
  }

  @Test
  void pcap_unknownFormat_400NamingIt(VertxTestContext ctx) {
    long id = core.journeys().find(j -> true).orElseThrow().id();
    get(
        ctx,
        check(
            "/api/v1/journeys/" + id + "/pcap?format=erf",
            response -> {
              assertThat(response.statusCode()).isEqualTo(400);
              assertThat(response.bodyAsString()).contains("format: 'erf' is not pcap or pcapng");
            }));
  }

  @Test
  void topologyStatusMetricsHealthAndPage(VertxTestContext ctx) {
    get(
        ctx,
        check(
            "/api/v1/topology",
            topology -> {
              JsonObject body = topology.bodyAsJsonObject();
              assertThat(
                      body.getJsonArray("nodes")
                          .getJsonObject(0)
                          .getJsonObject("node")
                          .getString("role"))
                  .isEqualTo("NODE_ROLE_MANAGER");
              assertThat(
                      body.getJsonArray("nodes")
                          .getJsonObject(0)
                          .getJsonObject("node")
                          .getString("presence"))
                  .isEqualTo("NODE_PRESENCE_UP");
              assertThat(body.getJsonArray("tunnels")).hasSize(2);
            }),
        check(
            "/api/v1/status",
            status -> {
              assertThat(status.bodyAsJsonObject().getLong("seen")).isEqualTo(2);
              assertThat(status.bodyAsJsonObject().getJsonObject("flows").getLong("capacity"))
                  .isPositive();
            }),
        check(
            "/metrics",
            metrics -> assertThat(metrics.bodyAsString()).contains("canvas_journeys_kept 2.0")),
        check("/healthz", health -> assertThat(health.bodyAsString()).isEqualTo("ok\n")),
        check(
            "/",
            page ->
                assertThat(page.bodyAsString()).contains("<div id=\"root\">", "docker-canvas")));
  }

  @Test
  void crossOriginPreflight_noCorsHeaders(VertxTestContext ctx) {
    client
        .request(HttpMethod.OPTIONS, "/api/v1/status")
        .putHeader("Origin", "http://evil.example")
        .putHeader("Access-Control-Request-Method", "GET")
        .send()
        .onComplete(
            ctx.succeeding(
                response ->
                    ctx.verify(
                        () -> {
                          assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
                          ctx.completeNow();
                        })));
  }

  /** One GET and what its response must satisfy. */
  private record Check(String path, Consumer<HttpResponse<Buffer>> verify) {}

  private static Check check(String path, Consumer<HttpResponse<Buffer>> verify) {
    return new Check(path, verify);
  }

  /** GETs each path in turn and checks its response; the test ends after the last. */
  private void get(VertxTestContext ctx, Check... checks) {
    if (checks.length == 0) {
      ctx.completeNow();
      return;
    }
    client
        .get(checks[0].path())
        .send()
        .onComplete(
            ctx.succeeding(
                response -> {
                  ctx.verify(() -> checks[0].verify().accept(response));
                  get(ctx, Arrays.copyOfRange(checks, 1, checks.length));
                }));
  }
}
