package io.dockercanvas.collector.journey;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.plain;
import static io.dockercanvas.collector.journey.SwarmPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JourneyStitcherTest {

  private static final long WINDOW = Duration.ofMillis(500).toNanos();
  private final List<Journey> journeys = new ArrayList<>();

  @Test
  void expire_windowNotOver_keepsPacketOpenThenClosesIt() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.accept(observation(1, "docker_gwbridge"), WINDOW - 2);

    assertThat(stitcher.expire(WINDOW - 1)).isZero();
    assertThat(stitcher.expire(WINDOW)).isEqualTo(1);
    assertThat(journeys).singleElement().satisfies(j -> assertThat(j.hops()).hasSize(2));
    assertThat(stitcher.stats()).isEqualTo(new StitcherStats(2, 1, 0, 0, 0));
  }

  @Test
  void accept_sameFingerprintAfterWindow_startsANewJourney() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.expire(WINDOW);
    stitcher.accept(observation(1, "eth0"), WINDOW + 1);
    stitcher.flush();

    assertThat(journeys).extracting(Journey::id).containsExactly(1L, 2L);
  }

  @Test
  void accept_moreOpenPacketsThanAllowed_oldestClosesEarlyAndNothingIsLost() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.defaults().withMaxOpenPackets(2));
    for (long fp = 1; fp <= 5; fp++) {
      stitcher.accept(observation(fp, "eth0"), fp);
    }

    assertThat(journeys).extracting(Journey::fingerprint).containsExactly(1L, 2L, 3L);
    assertThat(stitcher.stats().closedEarly()).isEqualTo(3);
    assertThat(stitcher.stats().open()).isEqualTo(2);
    stitcher.flush();
    assertThat(journeys).hasSize(5);
  }

  @Test
  void accept_moreObservationsThanAPacketMayHold_extraCountedAsDropped() {
    JourneyStitcher stitcher = stitcher(new StitcherConfig(WINDOW, 10, 3, false));
    for (int i = 0; i < 5; i++) {
      stitcher.accept(observation(9, "eth0"), i);
    }
    stitcher.flush();

    assertThat(journeys).singleElement().satisfies(j -> assertThat(j.hops()).hasSize(3));
    assertThat(stitcher.stats().observationsDropped()).isEqualTo(2);
  }

  @Test
  void accept_nonCanonicalPoint_rejectedWithThePointNamed() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.defaults());

    assertThatThrownBy(() -> stitcher.accept(observation(1, "web/"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'web/'");
    assertThat(stitcher.stats().observations()).isZero();
  }

  private JourneyStitcher stitcher(StitcherConfig config) {
    return new JourneyStitcher(config, SwarmPackets.topology(), journeys::add);
  }

  private static Observation observation(long fingerprint, String point) {
    return plain(MANAGER, point, 0, fingerprint, tcp("203.0.113.100", "203.0.113.11", 1, 2, 3, 64));
  }
}
