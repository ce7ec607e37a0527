package io.dockercanvas.agent.testing;

import io.dockercanvas.agent.decode.DecodedFrame;
import io.dockercanvas.agent.decode.FrameDecoder;
import io.dockercanvas.agent.pcapfile.CaptureFiles;
import io.dockercanvas.agent.pcapfile.CapturedFrame;
import io.dockercanvas.agent.pcapfile.FrameSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The captures under src/test/resources and a frame-by-frame loop over them. */
public final class TestCaptures {
    /** Folders of real captures, each pcap with its tshark reference beside it. */
    public static final List<String> FOLDERS = List.of("conformance", "routing-mesh");

    private TestCaptures() {
    }

    public static Path folder(String name) {
        try {
            return Path.of(TestCaptures.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(String folder, String name) {
        return folder(folder).resolve(name);
    }

    /** Every .pcap/.pcapng in the capture folders, sorted. */
    public static List<Path> all() {
        return FOLDERS.stream().flatMap(name -> {
            try (Stream<Path> files = Files.list(folder(name))) {
                return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                        .sorted().collect(Collectors.toList()).stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.toList());
    }

    /** Called for each frame with its 1-based number, the record and the decoded frame (both reused). */
    public interface FrameVisitor {
        void visit(long number, CapturedFrame record, DecodedFrame frame) throws IOException;
    }

    public static void decode(Path capture, FrameVisitor visitor) throws IOException {
        FrameDecoder decoder = new FrameDecoder();
        CapturedFrame record = new CapturedFrame();
        DecodedFrame frame = new DecodedFrame();
        try (FrameSource source = CaptureFiles.open(capture)) {
            long number = 0;
            while (source.next(record)) {
                decoder.decode(record.buffer(), record.offset(), record.caplen(), record.origLen(), record.linkType(),
                        frame);
                visitor.visit(++number, record, frame);
            }
        }
    }
}
