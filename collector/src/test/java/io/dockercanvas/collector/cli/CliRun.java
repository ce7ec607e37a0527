package io.dockercanvas.collector.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One command line run through {@link CollectorCli}, with what it printed. */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CollectorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** stdout as journeys, one per line (the --json output: the proto's JSON mapping). */
  List<io.dockercanvas.proto.v1.Journey> journeys() {
    return io.dockercanvas.collector.wire.WireJourneys.lines(out);
  }

  /** stdout as JSON lines. */
  List<JsonObject> jsonLines() {
    return out.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
  }
}
