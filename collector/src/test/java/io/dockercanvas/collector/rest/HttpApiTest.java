package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.wire.WireJourneys;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
              // the proto's JSON mapping: 64-bit numbers as strings, enums by full name
              JsonObject raw = body.getJsonArray("journeys").getJsonObject(0);
              assertThat(raw.getValue("fingerprint"))
                  .isEqualTo(Long.toUnsignedString(SwarmPackets.SYN_FP));
              assertThat(raw.getString("traffic_class")).isEqualTo("TRAFFIC_CLASS_DATA");
              assertThat(raw.getValue("complete")).isEqualTo(true);
              JsonObject rawFirst =
                  raw.getJsonArray("hops").getJsonObject(0).getJsonObject("observation");
              assertThat(rawFirst.getValue("ts_ns")).isEqualTo(Long.toString(SwarmPackets.T0));
              assertThat(rawFirst.getJsonObject("point").getString("node_id")).isEqualTo("manager");
              Journey syn = WireJourneys.page(body).get(0);
              assertThat(syn.getFingerprint()).isEqualTo(SwarmPackets.SYN_FP);
              assertThat(syn.getHopsList()).hasSize(11);
              Hop first = syn.getHops(0);
              assertThat(WireJourneys.node(first)).isEqualTo("manager");
              assertThat(WireJourneys.point(first)).isEqualTo("eth0");
              assertThat(WireJourneys.tsNs(first)).isEqualTo(SwarmPackets.T0);
              assertThat(first.hasSincePrevious()).isFalse();
              assertThat(first.getObservation().getInner().hasTcp()).isTrue();
              assertThat(WireJourneys.kinds(syn.getHops(1))).containsExactly("DNAT");
              assertThat(WireJourneys.before(syn, 1, 0)).isEqualTo("203.0.113.11:8001");
              assertThat(WireJourneys.after(syn, 1, 0)).isEqualTo("172.21.0.2:8001");
              assertThat(syn.getHops(1).getRewrites(0).getChangesList())
                  .extracting(c -> c.getField() + " " + c.getBefore() + " " + c.getAfter())
                  .contains("inner.ip.dst 203.0.113.11 172.21.0.2");
              Hop wire = syn.getHops(6);
              assertThat(WireJourneys.vni(wire)).isEqualTo(4096);
              assertThat(WireJourneys.outerDst(wire)).isEqualTo("203.0.113.12");
              assertThat(WireJourneys.kinds(wire)).containsExactly("ENCAP");
              assertThat(syn.getHops(7).hasSincePrevious())
                  .as("raw difference, also across node clocks")
                  .isTrue();
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
            JsonObject inner =
                ((JsonObject) j)
                    .getJsonArray("hops")
                    .getJsonObject(0)
                    .getJsonObject("observation")
                    .getJsonObject("inner");
            JsonObject ip = inner.getJsonObject("ip");
            JsonObject tcp = inner.getJsonObject("tcp");
            firsts.add(
                String.format(
                    "%s %s:%d > %s:%d",
                    ip.getInteger("protocol") == 6 ? "TCP" : ip.getInteger("protocol"),
                    ip.getString("src"),
                    tcp.getInteger("src_port"),
                    ip.getString("dst"),
                    tcp.getInteger("dst_port")));
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
