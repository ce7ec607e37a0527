package io.dockercanvas.collector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.IpHeaders;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.TrafficClass;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traffic classes on the lab's recording: the swarm's gossip is control and never judged; the
 * application's connections (client->web, web->db, outside->web) are data and judged.
 */
class TrafficClassSampleTest {

  static List<Journey> journeys;

  @BeforeAll
  static void stitchSample() throws Exception {
    journeys = VerdictSampleTest.stitch(spec -> true, false);
  }

  @Test
  void gossip_isControl_unjudged() {
    List<Journey> gossip = journeys.stream().filter(j -> usesPort(j, 7946)).toList();

    assertThat(gossip).as("the sample has swarm gossip").isNotEmpty();
    assertThat(gossip)
        .allSatisfy(
            j -> {
              assertThat(j.trafficClass()).isEqualTo(TrafficClass.CONTROL);
              assertThat(j.judged()).isEmpty();
            });
  }

  @Test
  void applicationConnections_areData_judged() {
    for (String key : List.of(VerdictSampleTest.CLIENT_TO_WEB)) {
      assertThat(VerdictSampleTest.connection(journeys, key))
          .as(key)
          .isNotEmpty()
          .allSatisfy(
              j -> {
                assertThat(j.trafficClass()).isEqualTo(TrafficClass.DATA);
                assertThat(j.judged()).isPresent();
              });
    }
    assertThat(journeys.stream().filter(j -> j.first().observation().headers().dstPort() == 8001))
        .as("outside -> published port")
        .isNotEmpty()
        .allSatisfy(j -> assertThat(j.trafficClass()).isEqualTo(TrafficClass.DATA));
  }

  @Test
  void everyJourney_hasAClass_onlyControlUnjudged() {
    Map<TrafficClass, Long> byClass =
        journeys.stream()
            .collect(Collectors.groupingBy(Journey::trafficClass, Collectors.counting()));

    assertThat(byClass).containsKeys(TrafficClass.DATA, TrafficClass.CONTROL);
    assertThat(journeys)
        .allSatisfy(j -> assertThat(j.judged().isPresent()).isEqualTo(j.trafficClass().judged()));
  }

  private static boolean usesPort(Journey j, int port) {
    IpHeaders h = j.first().observation().headers();
    return h.srcPort() == port || h.dstPort() == port;
  }
}
