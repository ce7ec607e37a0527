package io.dockercanvas.collector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.JourneyVerdict.State;
import io.dockercanvas.collector.journey.StopCause;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on the lab recordings taken with a fault on (src/test/resources/faults, see its README):
 * every point of the recording counts as captured, as the agents report it live, so a point that
 * saw nothing of a packet is where it stopped.
 */
class FaultRecordingsTest {

  private static final String CLIENT = "10.0.1.6";
  private static final String WEB = "10.0.1.2";
  private static final String DB = "10.0.1.4";

  @Test
  void fdb_node1_clientToWebAndDbStopOutOfVxlan0BeforeNode1sNic_restDelivered() throws Exception {
    List<Journey> journeys = stitch("fdb");

    List<Journey> fromClient =
        judged(journeys).stream()
            .filter(j -> src(j).equals(CLIENT) && (dst(j).equals(WEB) || dst(j).equals(DB)))
            .toList();
    assertThat(fromClient).as("4 rounds of http, tcp, udp, ping, big ping").hasSizeGreaterThan(12);
    assertThat(fromClient)
        .allSatisfy(
            j -> {
              JourneyVerdict v = j.verdict();
              assertThat(v.state()).as(j.path().toString()).isEqualTo(State.STOPPED);
              assertThat(v.lastPoint()).hasToString("node1:wordpress_net/vxlan0");
              assertThat(v.expectedNext()).hasToString("node1:eth0");
              assertThat(v.cause()).isEqualTo(StopCause.NO_FDB_ENTRY);
              assertThat(v.reason())
                  .contains("never encapsulated on its eth0")
                  .contains("no forwarding entry for");
            });
    assertThat(judged(journeys))
        .filteredOn(j -> j.verdict().state() == State.STOPPED)
        .as("only what leaves node1's overlay stops")
        .allSatisfy(j -> assertThat(src(j)).isEqualTo(CLIENT));
  }

  @Test
  void mtu_node2_fullSizePingsStillStopAtNode2sNicAsMtu() throws Exception {
    List<Journey> stopped =
        judged(stitch("mtu")).stream().filter(j -> j.verdict().state() == State.STOPPED).toList();

    assertThat(stopped).as("the 4 full-size pings client -> web").hasSize(4);
    assertThat(stopped)
        .allSatisfy(
            j -> {
              assertThat(j.verdict().expectedNext()).hasToString("node2:eth0");
              assertThat(j.verdict().cause()).isEqualTo(StopCause.MTU_EXCEEDED);
            });
  }

  @Test
  void noListener_node2_everySynToWebIsAnsweredByAReset() throws Exception {
    List<Journey> judged = judged(stitch("no-listener"));

    List<Journey> resets =
        judged.stream()
            .filter(j -> (first(j).tcpFlags() & 0x04) != 0 && first(j).srcPort() == 80)
            .toList();
    assertThat(resets).as("4 from web/eth0 to client, 4 from web/eth1 to outside").hasSize(8);
    assertThat(resets)
        .allSatisfy(
            j ->
                assertThat(j.verdict().cause())
                    .as("%s %s", j.path(), j.verdict().reason())
                    .isEqualTo(StopCause.RESET_BY_DESTINATION));
    assertThat(judged).noneMatch(j -> j.verdict().state() == State.STOPPED);
  }

  private static List<Journey> stitch(String fault) throws Exception {
    return VerdictSampleTest.stitch(recording(fault).resolve("manifest.json"), spec -> true, true);
  }

  private static Path recording(String fault) throws URISyntaxException {
    return Path.of(FaultRecordingsTest.class.getResource("/faults/" + fault).toURI());
  }

  private static List<Journey> judged(List<Journey> journeys) {
    return journeys.stream()
        .filter(j -> j.trafficClass().judged() && j.judged().isPresent())
        .toList();
  }

  private static io.dockercanvas.collector.journey.IpHeaders first(Journey j) {
    return j.first().observation().headers();
  }

  private static String src(Journey j) {
    return first(j).src();
  }

  private static String dst(Journey j) {
    return first(j).dst();
  }
}
