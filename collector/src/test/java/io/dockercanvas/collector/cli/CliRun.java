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

  /** stdout as JSON lines (the --json output). */
  List<JsonObject> jsonLines() {
    return out.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
  }
}
