package io.dockercanvas.collector.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.auth.TestClock;
import io.dockercanvas.collector.ingest.CaptureConfigPush;
import io.dockercanvas.collector.ingest.CaptureSettings;
import io.dockercanvas.collector.journey.NodeAddresses;
import io.dockercanvas.collector.topology.ClusterModel;
import io.dockercanvas.collector.topology.RoutingMeshTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceRegistryTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-12-05T06:00:00Z"));
  private final CaptureConfigPush push = new CaptureConfigPush(CaptureSettings.sampling(0.01, 0));
  private final ClusterModel cluster = new ClusterModel(new NodeAddresses(), clock);
  private final TraceRegistry traces = new TraceRegistry(push, cluster::current, clock);

  private static TraceRequest ports(Duration duration, Integer... ports) {
    return new TraceRequest(
        List.of(), List.of(ports), List.of(), List.of(), "", List.of(), duration);
  }

  @Test
  void add_pushesANewRevisionWithTheFilter_keepingTheSampling() throws Exception {
    long before = push.current().revision();

    Trace trace = traces.add(ports(Duration.ofMinutes(1), 8001));

    CaptureSettings now = push.current();
    assertThat(now.revision()).isEqualTo(before + 1);
    assertThat(now.sampleBelow()).isEqualTo(CaptureSettings.sampling(0.01, 0).sampleBelow());
    assertThat(now.traceFilters())
        .containsExactly(
            new CaptureSettings.TraceFilter(
                trace.id(), List.of(), List.of(8001), List.of(), List.of(), ""));
    assertThat(trace.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
  }

  @Test
  void expiry_onTheTick_removesTheTraceAndPushesAgain() throws Exception {
    traces.add(ports(Duration.ofSeconds(40), 8001));
    long revision = push.current().revision();

    clock.advance(Duration.ofSeconds(39));
    traces.expire();
    assertThat(push.current().traceFilters()).hasSize(1);
    assertThat(push.current().revision()).isEqualTo(revision);

    clock.advance(Duration.ofSeconds(1));
    traces.expire();
    assertThat(push.current().traceFilters()).isEmpty();
    assertThat(push.current().revision()).isEqualTo(revision + 1);
    assertThat(traces.list()).isEmpty();
  }

  @Test
  void remove_endsItNow_unknownIdIsEmpty() throws Exception {
    Trace trace = traces.add(ports(null, 53));
    assertThat(trace.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

    assertThat(traces.remove("nope")).isEmpty();
    assertThat(traces.remove(trace.id())).contains(trace);
    assertThat(push.current().traceFilters()).isEmpty();
  }

  @Test
  void atMost32_thenRefused() throws Exception {
    for (int i = 0; i < TraceRegistry.MAX_TRACES; i++) {
      traces.add(ports(null, 1000 + i));
    }
    assertThatThrownBy(() -> traces.add(ports(null, 9)))
        .isInstanceOf(InvalidTraceException.class)
        .hasMessageStartingWith("traces: 32 are active")
        .extracting(e -> ((InvalidTraceException) e).kind())
        .isEqualTo(InvalidTraceException.Kind.TOO_MANY);
  }

  @Test
  void badFields_refusedNamingTheField() {
    assertThatThrownBy(() -> traces.add(ports(null, 70000))).hasMessageStartingWith("ports: ");
    assertThatThrownBy(() -> traces.add(ports(Duration.ofHours(2), 80)))
        .hasMessageStartingWith("duration: ");
    assertThatThrownBy(
            () ->
                traces.add(
                    new TraceRequest(
                        List.of("10.0.0.300"),
                        List.of(),
                        List.of(),
                        List.of(),
                        "",
                        List.of(),
                        null)))
        .hasMessageStartingWith("cidrs: ");
    assertThatThrownBy(
            () ->
                traces.add(
                    new TraceRequest(
                        List.of(), List.of(), List.of(), List.of(), "", List.of(), null)))
        .hasMessageStartingWith("filter: ");
    assertThatThrownBy(
            () ->
                traces.add(
                    new TraceRequest(
                        List.of(), List.of(), List.of(), List.of(), "", List.of("nosuch"), null)))
        .hasMessageStartingWith("services: no running task of a service 'nosuch'");
    assertThat(push.current().traceFilters()).isEmpty();
  }

  @Test
  void service_resolvesToItsTaskAddresses() throws Exception {
    cluster.replace("manager", 1, RoutingMeshTopology.manager());
    cluster.replace("worker", 1, RoutingMeshTopology.worker());

    Trace trace =
        traces.add(
            new TraceRequest(
                List.of(), List.of(), List.of(6), List.of(), "", List.of("web"), null));

    assertThat(trace.cidrs()).contains("10.0.0.108");
    assertThat(trace.services()).containsExactly("web");
    assertThat(push.current().traceFilters().get(0).cidrs()).contains("10.0.0.108");
  }
}
