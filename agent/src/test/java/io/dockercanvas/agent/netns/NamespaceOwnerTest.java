package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.agent.discovery.DockerContainer;
import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.DockerTask;
import io.dockercanvas.agent.discovery.SwarmNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceOwnerTest {

  private static final DockerNetwork INGRESS =
      overlay("zadl0118hf74oky0i785oero8", "ingress", true, 4096);
  private static final DockerNetwork WORDPRESS_NET =
      overlay("ht90nsb9wamfyqxb6vsp9b8ns", "wordpress_net", false, 4097);
  private static final DockerContainer SWARM_TASK_CONTAINER =
      new DockerContainer(
          "f4039c58aaaa",
          "vipsvc.1.8bvi",
          "z32fv5y7",
          "vipsvc",
          "8bvi9szkdpqntyq4n6bpx3jb5",
          "/var/run/docker/netns/f4039c587955",
          List.of());
  private static final DockerContainer PLAIN_CONTAINER =
      new DockerContainer(
          "9e2b3073bbbb", "probe", "", "", "", "/var/run/docker/netns/9e2b30730278", List.of());
  private static final DockerSnapshot SNAPSHOT =
      new DockerSnapshot(
          new SwarmNode("aae7", "node1", SwarmNode.Role.MANAGER, "198.51.100.11", 4789, "20.10"),
          List.of(INGRESS, WORDPRESS_NET),
          List.of(),
          List.of(
              new DockerTask(
                  "task-of-plain",
                  "svc",
                  1,
                  "aae7",
                  "running",
                  "running",
                  "9e2b3073bbbb",
                  List.of())),
          List.of(SWARM_TASK_CONTAINER, PLAIN_CONTAINER),
          Instant.EPOCH);

  @Test
  void of_overlayNamespace_isItsNetwork() {
    assertThat(NamespaceOwner.of("1-ht90nsb9wa", SNAPSHOT))
        .isEqualTo(new NamespaceOwner(WORDPRESS_NET.id(), "wordpress_net", "", "", "", ""));
    assertThat(NamespaceOwner.of("1-ht90nsb9wa", SNAPSHOT).networkIn(SNAPSHOT))
        .contains(WORDPRESS_NET);
  }

  @Test
  void of_loadBalancerNamespace_isItsNetwork() {
    assertThat(NamespaceOwner.of("lb_ht90nsb9w", SNAPSHOT).networkName())
        .isEqualTo("wordpress_net");
  }

  @Test
  void of_ingressSandbox_isTheIngressNetwork() {
    assertThat(NamespaceOwner.of("ingress_sbox", SNAPSHOT).networkName()).isEqualTo("ingress");
  }

  @Test
  void of_containerSandbox_isTheContainerAndItsTask() {
    NamespaceOwner owner = NamespaceOwner.of("f4039c587955", SNAPSHOT);

    assertThat(owner)
        .isEqualTo(
            new NamespaceOwner(
                "", "", "f4039c58aaaa", "vipsvc.1.8bvi", "vipsvc", "8bvi9szkdpqntyq4n6bpx3jb5"));
  }

  @Test
  void of_containerWithoutSwarmLabels_takesTaskFromTaskList() {
    assertThat(NamespaceOwner.of("9e2b30730278", SNAPSHOT).taskId()).isEqualTo("task-of-plain");
  }

  @Test
  void of_namespaceDiscoveryDoesNotKnow_isUnknown() {
    assertThat(NamespaceOwner.of("1-zzzzzzzzzz", SNAPSHOT)).isEqualTo(NamespaceOwner.UNKNOWN);
    assertThat(NamespaceOwner.of("abcdefabcdef", SNAPSHOT).isKnown()).isFalse();
    assertThat(NamespaceOwner.of("default", SNAPSHOT).isKnown()).isFalse();
  }

  private static DockerNetwork overlay(String id, String name, boolean ingress, int vni) {
    return new DockerNetwork(
        id,
        name,
        "overlay",
        "swarm",
        ingress,
        !ingress,
        List.of(vni),
        List.of(),
        List.of(),
        List.of());
  }
}
