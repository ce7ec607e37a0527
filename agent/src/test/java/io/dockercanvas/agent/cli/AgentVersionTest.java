package io.dockercanvas.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentVersionTest {

  @Test
  void current_theVersionMavenBuilt() {
    String built = System.getProperty("canvas.buildVersion"); // set by the agent's pom for surefire

    assertThat(built).as("canvas.buildVersion").isNotBlank();
    assertThat(AgentVersion.current()).isEqualTo(built);
  }
}
