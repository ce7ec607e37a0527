package io.dockercanvas.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceLogTest {

  private final ResourceLog log = new ResourceLog();

  @Test
  void firstCounts_areLogged_withEveryFigure() {
    assertThat(log.lineFor(new ResourceLog.Counts(5, 8, 7)))
        .contains("resources: 5 namespaces entered, 8 capture points, 7 pcap handles open");
  }

  @Test
  void sameCountsAgain_areNotLogged_changedOnesAre() {
    log.lineFor(new ResourceLog.Counts(5, 8, 8));
    assertThat(log.lineFor(new ResourceLog.Counts(5, 8, 8))).isEmpty();
    assertThat(log.lineFor(new ResourceLog.Counts(35, 8, 8)))
        .contains("resources: 35 namespaces entered, 8 capture points, 8 pcap handles open");
    assertThat(log.lineFor(new ResourceLog.Counts(5, 8, 8))).isPresent();
  }
}
