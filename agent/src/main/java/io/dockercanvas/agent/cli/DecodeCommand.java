package io.dockercanvas.agent.cli;

import io.dockercanvas.agent.decode.DecodeError;
import io.dockercanvas.agent.decode.DecodedFrame;
import io.dockercanvas.agent.decode.FrameDecoder;
import io.dockercanvas.agent.decode.PacketFingerprint;
import io.dockercanvas.agent.pcapfile.CaptureFiles;
import io.dockercanvas.agent.pcapfile.CapturedFrame;
import io.dockercanvas.agent.pcapfile.FileDamage;
import io.dockercanvas.agent.pcapfile.FrameSource;
import io.dockercanvas.agent.pcapfile.UnreadableCaptureException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code canvas decode FILE}: every frame of a capture as one JSON line, or totals only. */
@Command(name = "decode",
        description = {
            "Decode a pcap or pcapng capture, VXLAN-aware: one JSON object per frame (docs/decode-output.md),",
            "or with --stats only the totals. Works on any tcpdump, dumpcap or Wireshark capture.",
        },
        footer = {
            "",
            "Exit codes: 0 the file was read (damage after a valid file header is a warning on stderr,",
            "frames before it are printed); 1 a read error; 2 a usage error or a file that cannot be",
            "read at all (missing, empty, not a capture).",
        })
final class DecodeCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_READ_ERROR = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "The capture: pcap (any magic or byte order) or pcapng.")
    Path file;

    @Option(names = "--stats", description = "Print only totals (frames, protocols, VXLAN by VNI, malformed) as one JSON object.")
    boolean statsOnly;

    @Option(names = "--vxlan-port", paramLabel = "N",
            description = "Also decode VXLAN on UDP port N (Docker's --data-path-port). 4789 is always decoded.")
    int vxlanPort = FrameDecoder.VXLAN_PORT;

    @ParentCommand
    AgentCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (vxlanPort < 1 || vxlanPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--vxlan-port must be 1-65535, not " + vxlanPort);
        }
        PrintStream err = parent.err();
        FrameSource source;
        try {
            source = CaptureFiles.open(file);
        } catch (UnreadableCaptureException e) {
            err.println("canvas decode: " + file + ": " + (e.offset() >= 0 ? "byte " + e.offset() + ": " : "")
                    + e.getMessage());
            return AgentCli.EXIT_USAGE;
        } catch (IOException e) {
            err.println("canvas decode: " + file + ": cannot open: " + e.getMessage());
            return AgentCli.EXIT_USAGE;
        }
        AsciiOutput out = new AsciiOutput(parent.out());
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
                err.println("canvas decode: warning: " + file + ": byte " + damage.offset() + ": " + damage.message()
                        + "; decoded the " + totals.frames() + " frames before it");
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
            decoder.decode(record.buffer(), record.offset(), record.caplen(), record.origLen(), record.linkType(), frame);
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
}
