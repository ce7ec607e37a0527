package io.dockercanvas.collector.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.replay.OfflineStitching;
import io.dockercanvas.pipeline.replay.CaptureManifest;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.ReplayInput;
import io.dockercanvas.pipeline.replay.TopologyFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract journeys back to domain records: every journey stitched from the lab's recordings
 * survives domain → proto → domain → proto unchanged, so the client's pcapng and offline filters
 * see what the collector saw.
 */
class JourneyRecordsTest {

  private static final Path LAB = Path.of("..", "deploy", "lab").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"sample", "sample-vxlan-drop"})
  void labRecording_protoToDomainToProto_isTheSameMessage(String recording) throws Exception {
    List<Journey> journeys = stitch(LAB.resolve(recording).resolve("manifest.json"));
    assertThat(journeys).hasSizeGreaterThan(50);

    for (Journey journey : journeys) {
      io.dockercanvas.proto.v1.Journey message = JourneyMessages.journey(journey);
      Journey back = JourneyRecords.journey(message);

      assertThat(JourneyMessages.journey(back)).isEqualTo(message);
      assertThat(back.hops())
          .extracting(h -> h.observation().frame())
          .isEqualTo(journey.hops().stream().map(h -> h.observation().frame()).toList());
      assertThat(back.trafficClass()).isEqualTo(journey.trafficClass());
      assertThat(back.judged().map(JourneyVerdict::reason))
          .isEqualTo(journey.judged().map(JourneyVerdict::reason));
    }
    if (recording.equals("sample-vxlan-drop")) {
      assertThat(journeys)
          .as("a STOPPED verdict went through too")
          .anyMatch(
              j -> j.judged().map(v -> v.state() == JourneyVerdict.State.STOPPED).orElse(false));
    }
  }

  @Test
  void unknownRewriteKind_isRefusedNamingTheJourney() throws Exception {
    Journey journey = stitch(LAB.resolve("sample").resolve("manifest.json")).get(0);
    var message = JourneyMessages.journey(journey).toBuilder();
    message
        .getHopsBuilder(0)
        .addRewrites(io.dockercanvas.proto.v1.Rewrite.newBuilder().setKindValue(99));

    assertThatThrownBy(() -> JourneyRecords.journey(message.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("journey " + journey.id());
  }

  @Test
  void journeyWithoutHops_isRefused() {
    assertThatThrownBy(
            () ->
                JourneyRecords.journey(
                    io.dockercanvas.proto.v1.Journey.newBuilder().setId("7").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("journey 7 has no hops");
  }

  private static List<Journey> stitch(Path manifest) throws Exception {
    CaptureReplay replay =
        new CaptureReplay(
            new ReplayInput(
                CaptureManifest.read(manifest),
                TopologyFiles.readBeside(manifest),
                CaptureManifest.recordedAddresses(manifest)));
    List<Journey> journeys = new ArrayList<>();
    OfflineStitching.run(replay, StitcherConfig.withWindow(Duration.ofSeconds(1)), journeys::add);
    return journeys;
  }
}
