package io.dockercanvas.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.agent.netns.NamespaceRunner;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.stream.ExportBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What LiveCaptures does when points cannot be opened (opening real handles needs root:
 * LiveCaptureIT).
 */
class LiveCapturesTest {

  private final List<String> asked = new CopyOnWriteArrayList<>();

  private final NamespaceRunner failing =
      new NamespaceRunner() {
        @Override
        public <T> CompletableFuture<T> runIn(String namespaceName, Callable<T> task) {
          asked.add(namespaceName);
          return CompletableFuture.failedFuture(
              new IllegalStateException("namespace " + namespaceName + " is gone"));
        }
      };

  @Test
  void apply_pointThatCannotOpen_isNotRunningAndTriedAgainNextPlan() {
    List<CapturePoint> plan =
        CapturePlan.of(TestNodeStates.managerNode1("")).stream()
            .filter(p -> !p.inHostNamespace())
            .toList();
    try (LiveCaptures captures =
        new LiveCaptures(
            failing,
            () -> SamplingPolicy.DEFAULT,
            new ExportBuffer("node1", 10),
            16,
            Duration.ofSeconds(30))) {

      captures.apply(plan, 4789);
      captures.apply(plan, 4789);

      assertThat(captures.points()).isEmpty();
      assertThat(asked)
          .hasSize(plan.size() * 2)
          .containsOnly("ingress_sbox", "1-zadl0118hf", "1-ht90nsb9wa");
    }
  }
}
