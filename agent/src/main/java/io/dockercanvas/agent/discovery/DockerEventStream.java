package io.dockercanvas.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import java.io.IOException;
import java.util.Optional;

/**
 * An open {@code GET /events} stream. {@link #close()} from another thread ends a blocked {@link
 * #next()}.
 */
public final class DockerEventStream implements AutoCloseable {

  private static final ObjectReader EVENT_READER = new ObjectMapper().readerFor(JsonNode.class);

  private final Response response;
  private MappingIterator<JsonNode>
      events; // opened on first next(): opening reads ahead, which blocks

  DockerEventStream(Response response) {
    this.response = response;
  }

  /** Blocks for the next event; empty when the engine ended the stream (e.g. dockerd stopped). */
  public Optional<DockerEvent> next() throws IOException {
    try {
      if (events == null) {
        events = EVENT_READER.readValues(response.getBody());
      }
      return events.hasNextValue()
          ? Optional.of(EngineJson.event(events.nextValue()))
          : Optional.empty();
    } catch (RuntimeException e) { // the transport reports a reset socket unchecked
      throw new IOException("event stream broke: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    response.close();
  }
}
