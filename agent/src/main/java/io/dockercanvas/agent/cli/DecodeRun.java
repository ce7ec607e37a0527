package io.dockercanvas.agent.cli;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FileDamage;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import io.dockercanvas.pipeline.pcapfile.UnreadableCaptureException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** One {@code canvas decode} run over a file, whichever way its arguments were parsed. */
final class DecodeRun {
  static final int EXIT_OK = 0;
  static final int EXIT_READ_ERROR = 1;

  /** A file that cannot be read at all: reported like a usage error. */
  static final int EXIT_UNREADABLE = AgentCli.EXIT_USAGE;

  private final Path file;
  private final boolean statsOnly;
  private final int vxlanPort;

  DecodeRun(Path file, boolean statsOnly, int vxlanPort) {
    this.file = file;
    this.statsOnly = statsOnly;
    this.vxlanPort = vxlanPort;
  }

  int run(PrintStream stdout, PrintStream err) {
    FrameSource source;
    try {
      source = CaptureFiles.open(file);
    } catch (UnreadableCaptureException e) {
      err.println(
          "canvas decode: "
              + file
              + ": "
              + (e.offset() >= 0 ? "byte " + e.offset() + ": " : "")
              + e.getMessage());
      return EXIT_UNREADABLE;
    } catch (IOException e) {
      err.println("canvas decode: " + file + ": cannot open: " + e.getMessage());
      return EXIT_UNREADABLE;
    }
    AsciiOutput out = new AsciiOutput(stdout);
    try (source) {
      DecodeTotals totals;
      try {
        totals = decodeAll(source, out);
      } finally {
        out.flush(); // the frames before a read error are printed too
      }
      if (statsOnly) {
        totals.writeJson(out, file.toString(), source);
        out.flush();
      }
      FileDamage damage = source.damage();
      if (damage != null) {
        err.println(
            "canvas decode: warning: "
                + file
                + ": byte "
                + damage.offset()
                + ": "
                + damage.message()
                + "; decoded "
                + totals.frames()
                + " frames up to here");
      }
      return EXIT_OK;
    } catch (IOException e) {
      err.println("canvas decode: " + file + ": read error: " + e.getMessage());
      return EXIT_READ_ERROR;
    }
  }

  /** The per-frame loop: everything in it is reused, nothing allocated per frame. */
  private DecodeTotals decodeAll(FrameSource source, AsciiOutput out) throws IOException {
    CapturedFrame record = new CapturedFrame();
    DecodedFrame frame = new DecodedFrame();
    FrameDecoder decoder = new FrameDecoder(vxlanPort);
    FrameJsonWriter json = statsOnly ? null : new FrameJsonWriter(out);
    DecodeTotals totals = new DecodeTotals();
    long number = 0;
    while (source.next(record)) {
      number++;
      decoder.decode(
          record.buffer(),
          record.offset(),
          record.caplen(),
          record.origLen(),
          record.linkType(),
          frame);
      if (record.recordError() != DecodeError.NONE) {
        frame.failRecord(record.recordError());
      }
      boolean hasFingerprint = PacketFingerprint.applies(frame);
      long fingerprint = hasFingerprint ? PacketFingerprint.of(frame) : 0;
      totals.count(record, frame);
      if (json != null) {
        json.write(number, record, frame, hasFingerprint, fingerprint);
      }
    }
    return totals;
  }

  /**
   * Start-up fast path: a plain, valid {@code decode FILE [--stats] [--vxlan-port N]} runs without
   * building the picocli model, which costs about as much CPU as tcpdump needs to read a million
   * frames (picocli's classes are Java 5 bytecode: slow to verify, and class data sharing cannot
   * archive them). Returns null for anything else (help, mistakes, {@code @argfiles}, other
   * commands), which then goes through picocli for proper usage messages.
   */
  static DecodeRun parsePlain(String[] args) {
    if (args.length < 2 || !args[0].equals("decode")) {
      return null;
    }
    String file = null;
    boolean stats = false;
    int port = FrameDecoder.VXLAN_PORT;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String portText = null;
      if (arg.equals("--stats")) {
        stats = true;
      } else if (arg.equals("--vxlan-port") && i + 1 < args.length) {
        portText = args[++i];
      } else if (arg.startsWith("--vxlan-port=")) {
        portText = arg.substring("--vxlan-port=".length());
      } else if (!arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@") && file == null) {
        file = arg;
      } else {
        return null;
      }
      if (portText != null) {
        if (!portText.matches("[0-9]{1,5}")
            || Integer.parseInt(portText) < 1
            || Integer.parseInt(portText) > 65535) {
          return null;
        }
        port = Integer.parseInt(portText);
      }
    }
    return file == null ? null : new DecodeRun(Path.of(file), stats, port);
  }
}
