package io.dockercanvas.agent.discovery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on a real unix socket, standing in for dockerd: answers GETs from a
 * route table, streams pushed events on {@code /events}, and records every connection and request
 * it sees.
 */
final class FakeEngineServer implements AutoCloseable {

  private static final String END_OF_STREAM = "\u0000end";

  private final Path socket;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Map<String, String> routes = new ConcurrentHashMap<>();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  FakeEngineServer(Path directory) throws IOException {
    this.socket = directory.resolve("docker.sock");
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = new Thread(this::acceptLoop, "fake-engine-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  Path socket() {
    return socket;
  }

  /** Sends one event (a JSON object) on the open /events stream. */
  void pushEvent(String json) {
    events.add(json);
  }

  /** Ends the open /events stream the way a stopping dockerd does. */
  void endEventStream() {
    events.add(END_OF_STREAM);
  }

  List<String> requestsFor(String pathPrefix) {
    return requests.stream().filter(request -> request.startsWith("GET " + pathPrefix)).toList();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        connections.incrementAndGet();
        clients.add(client);
        Thread handler = new Thread(() -> serve(client), "fake-engine-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client;
        InputStream in = new BufferedInputStream(Channels.newInputStream(client));
        OutputStream out = Channels.newOutputStream(client)) {
      for (String requestLine = readLine(in);
          requestLine != null && !requestLine.isEmpty();
          requestLine = readLine(in)) {
        int contentLength = 0;
        for (String header = readLine(in);
            header != null && !header.isEmpty();
            header = readLine(in)) {
          if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            contentLength = Integer.parseInt(header.substring(15).trim());
          }
        }
        in.readNBytes(contentLength);
        String[] parts = requestLine.split(" ");
        requests.add(parts[0] + " " + parts[1]);
        String path = parts[1].replaceFirst("^/v\\d+\\.\\d+/", "/").replaceFirst("\\?.*", "");
        if (path.equals("/events")) {
          streamEvents(out);
          return;
        }
        String body = routes.get(path);
        respond(
            out,
            body == null ? 404 : 200,
            body == null ? "{\"message\":\"no such object: " + path + "\"}" : body);
      }
    } catch (IOException | InterruptedException e) {
      // client went away or server closed
    }
  }

  private void streamEvents(OutputStream out) throws IOException, InterruptedException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    for (String event = events.take(); !event.equals(END_OF_STREAM); event = events.take()) {
      byte[] chunk = (event + "\n").getBytes(StandardCharsets.UTF_8);
      out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(chunk);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void respond(OutputStream out, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + (status == 200 ? " OK" : " Not Found")
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    endEventStream();
    for (SocketChannel client : clients) {
      client.close();
    }
    acceptor.interrupt();
    Files.deleteIfExists(socket);
  }
}
