package io.dockercanvas.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's only Docker transport refuses every call that is not an allowed read, before any byte
 * reaches the socket: checked against a real HTTP server on a real unix socket that counts
 * connections.
 */
class ReadOnlyDockerHttpClientTest {

  @TempDir Path directory;

  private FakeEngineServer engine;
  private ReadOnlyDockerHttpClient client;
  private DockerClient dockerJava;

  @BeforeEach
  void startEngine() throws Exception {
    engine = new FakeEngineServer(directory);
    EngineFixtures.serveRecordedEngine(engine);
    DockerHttpClient transport =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create("unix://" + engine.socket()))
            .build();
    client = new ReadOnlyDockerHttpClient(transport);
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost("unix://" + engine.socket())
            .build();
    dockerJava = DockerClientImpl.getInstance(config, client);
  }

  @AfterEach
  void stopEngine() throws Exception {
    dockerJava.close();
    engine.close();
  }

  static Stream<Arguments> mutatingDockerJavaCommands() {
    return Stream.of(
        command("create container", docker -> docker.createContainerCmd("local/busybox").exec()),
        command("start container", docker -> docker.startContainerCmd("web").exec()),
        command("kill container", docker -> docker.killContainerCmd("web").exec()),
        command("remove container", docker -> docker.removeContainerCmd("web").exec()),
        command("exec create", docker -> docker.execCreateCmd("web").withCmd("sh").exec()),
        command("create network", docker -> docker.createNetworkCmd().withName("x").exec()),
        command("remove network", docker -> docker.removeNetworkCmd("wordpress_net").exec()),
        command(
            "connect to network",
            docker -> docker.connectToNetworkCmd().withNetworkId("n").withContainerId("c").exec()),
        command("remove service", docker -> docker.removeServiceCmd("web").exec()),
        command("leave swarm", docker -> docker.leaveSwarmCmd().exec()),
        command("remove image", docker -> docker.removeImageCmd("local/busybox").exec()),
        command(
            "prune",
            docker -> docker.pruneCmd(com.github.dockerjava.api.model.PruneType.CONTAINERS).exec()),
        command("export image (a GET)", docker -> docker.saveImageCmd("local/busybox").exec()),
        command(
            "copy from container (a GET)",
            docker -> docker.copyArchiveFromContainerCmd("web", "/etc").exec()),
        command("stop container", docker -> docker.stopContainerCmd("web").exec()),
        command("restart container", docker -> docker.restartContainerCmd("web").exec()),
        command("pause container", docker -> docker.pauseContainerCmd("web").exec()),
        command("unpause container", docker -> docker.unpauseContainerCmd("web").exec()),
        command(
            "rename container", docker -> docker.renameContainerCmd("web").withName("x").exec()),
        command(
            "update container",
            docker -> docker.updateContainerCmd("web").withMemory(1L << 20).exec()),
        command("commit container", docker -> docker.commitCmd("web").exec()),
        command(
            "copy into container",
            docker ->
                docker
                    .copyArchiveToContainerCmd("web")
                    .withTarInputStream(new ByteArrayInputStream(new byte[512]))
                    .withRemotePath("/")
                    .exec()),
        command("exec start", docker -> finish(docker.execStartCmd("abc").exec(awaited()))),
        command(
            "attach container",
            docker ->
                finish(
                    docker
                        .attachContainerCmd("web")
                        .withStdIn(new ByteArrayInputStream(new byte[1]))
                        .exec(awaited()))),
        command(
            "container logs (a GET)",
            docker -> finish(docker.logContainerCmd("web").withStdOut(true).exec(awaited()))),
        command("container top (a GET)", docker -> docker.topContainerCmd("web").exec()),
        command(
            "disconnect from network",
            docker ->
                docker.disconnectFromNetworkCmd().withNetworkId("n").withContainerId("c").exec()),
        command(
            "build image",
            docker ->
                finish(
                    docker.buildImageCmd(new ByteArrayInputStream(new byte[512])).exec(awaited()))),
        command("pull image", docker -> finish(docker.pullImageCmd("busybox").exec(awaited()))),
        command(
            "push image", docker -> finish(docker.pushImageCmd("local/busybox").exec(awaited()))),
        command("tag image", docker -> docker.tagImageCmd("local/busybox", "x", "y").exec()),
        command(
            "load image",
            docker -> docker.loadImageCmd(new ByteArrayInputStream(new byte[512])).exec()),
        command("create volume", docker -> docker.createVolumeCmd().withName("v").exec()),
        command("remove volume", docker -> docker.removeVolumeCmd("v").exec()),
        command(
            "create service",
            docker ->
                docker
                    .createServiceCmd(
                        new com.github.dockerjava.api.model.ServiceSpec().withName("x"))
                    .exec()),
        command(
            "update service",
            docker ->
                docker
                    .updateServiceCmd("web", new com.github.dockerjava.api.model.ServiceSpec())
                    .withVersion(1L)
                    .exec()),
        command(
            "init swarm",
            docker ->
                docker.initializeSwarmCmd(new com.github.dockerjava.api.model.SwarmSpec()).exec()),
        command(
            "join swarm",
            docker ->
                docker
                    .joinSwarmCmd()
                    .withRemoteAddrs(List.of("198.51.100.11"))
                    .withJoinToken("t")
                    .exec()),
        command(
            "update swarm",
            docker ->
                docker
                    .updateSwarmCmd(new com.github.dockerjava.api.model.SwarmSpec())
                    .withVersion(1L)
                    .exec()),
        command(
            "update node",
            docker ->
                docker
                    .updateSwarmNodeCmd()
                    .withSwarmNodeId("n")
                    .withVersion(1L)
                    .withSwarmNodeSpec(new com.github.dockerjava.api.model.SwarmNodeSpec())
                    .exec()),
        command("remove node", docker -> docker.removeSwarmNodeCmd("n").exec()),
        command(
            "create secret",
            docker ->
                docker
                    .createSecretCmd(
                        new com.github.dockerjava.api.model.SecretSpec()
                            .withName("s")
                            .withData("x"))
                    .exec()),
        command("list secrets (a GET)", docker -> docker.listSecretsCmd().exec()),
        command(
            "create config",
            docker -> docker.createConfigCmd().withName("c").withData(new byte[] {1}).exec()),
        command("auth", docker -> docker.authCmd().exec()));
  }

  /**
   * A callback for docker-java's streaming commands, which report errors to it instead of throwing.
   */
  private static <T> ResultCallback.Adapter<T> awaited() {
    return new ResultCallback.Adapter<>();
  }

  private static void finish(ResultCallback.Adapter<?> callback) {
    try {
      callback.awaitCompletion(); // rethrows the error the transport raised
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Arguments command(String name, Consumer<DockerClient> call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutatingDockerJavaCommands")
  void execute_mutatingDockerJavaCommand_refusedWithoutSocketIo(
      String name, Consumer<DockerClient> call) {
    assertThatThrownBy(() -> call.accept(dockerJava))
        .isInstanceOf(DockerCallRefusedException.class)
        .hasMessageContaining("read-only");

    assertThat(engine.connections).as("connections made to the engine socket").hasValue(0);
    assertThat(engine.requests).isEmpty();
  }

  static Stream<Arguments> refusedRequests() {
    return Stream.of(
        Arguments.of("POST", "/containers/create"),
        Arguments.of("DELETE", "/containers/web"),
        Arguments.of("PUT", "/containers/web/archive"),
        Arguments.of("PATCH", "/networks/x"),
        Arguments.of("OPTIONS", "/info"),
        Arguments.of("POST", "/v1.41/swarm/leave"),
        Arguments.of("GET", "/containers/web/attach/ws"),
        Arguments.of("GET", "/containers/web/archive?path=/etc"),
        Arguments.of("GET", "/containers/web/logs"),
        Arguments.of("GET", "/images/local%2Fbusybox/get"),
        Arguments.of("GET", "/secrets"),
        Arguments.of("GET", "/containers/../secrets"),
        Arguments.of("GET", "/networks/..%2Fsecrets"),
        Arguments.of("GET", "/v1.41/containers/web/export"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("refusedRequests")
  void execute_requestOutsideAllowList_refusedWithoutSocketIo(String method, String path) {
    Request request = Request.builder().method(method).path(path).build();

    assertThatThrownBy(() -> client.execute(request))
        .isInstanceOf(DockerCallRefusedException.class)
        .hasMessageContaining(method + " " + path);

    assertThat(engine.connections).hasValue(0);
  }

  @Test
  void execute_getWithBody_refused() {
    Request request =
        Request.builder()
            .method(Request.Method.GET)
            .path("/info")
            .body(new ByteArrayInputStream(new byte[] {1}))
            .build();

    assertThatThrownBy(() -> client.execute(request))
        .isInstanceOf(DockerCallRefusedException.class);
    assertThat(engine.connections).hasValue(0);
  }

  @Test
  void execute_allowedReads_reachTheEngine() {
    Info info = dockerJava.infoCmd().exec();
    dockerJava.inspectNetworkCmd().withNetworkId(EngineFixtures.WORDPRESS_NET_ID).exec();
    dockerJava.listContainersCmd().exec();

    assertThat(info.getName()).isEqualTo("dcnode1");
    assertThat(engine.connections.get()).isPositive();
    assertThat(engine.requests)
        .hasSize(3)
        .allSatisfy(request -> assertThat(request).startsWith("GET /"));
  }

  @Test
  void execute_versionedReadPath_allowed() throws Exception {
    for (String path :
        List.of(
            "/v1.41/info",
            "/v1.41/networks/" + EngineFixtures.WORDPRESS_NET_ID + "?verbose=true",
            "/v1.41/containers/" + EngineFixtures.WEB_CONTAINER_ID + "/json")) {
      try (DockerHttpClient.Response response =
          client.execute(Request.builder().method("GET").path(path).build())) {
        assertThat(response.getStatusCode()).as(path).isEqualTo(200);
      }
    }
  }
}
