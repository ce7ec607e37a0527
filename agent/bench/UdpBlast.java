import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's UDP sender (run with {@code java UdpBlast.java HOST PORT RATE SECONDS
 * [PAYLOAD]}): sends PAYLOAD-byte datagrams (default 18, a 64-byte frame) to HOST:PORT at RATE
 * packets/s (0: as fast as one thread can) for SECONDS, and prints how many it sent and the rate it
 * reached. Paced per millisecond, so the offered rate is even, not bursts of a second's worth.
 */
public final class UdpBlast {
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: java UdpBlast.java HOST PORT RATE SECONDS [PAYLOAD]");
      System.exit(2);
    }
    long rate = Long.parseLong(args[2]);
    double seconds = Double.parseDouble(args[3]);
    int payload = args.length > 4 ? Integer.parseInt(args[4]) : 18;
    ByteBuffer datagram = ByteBuffer.allocateDirect(payload);
    try (DatagramChannel channel = DatagramChannel.open()) {
      // not connected: a connected UDP socket would fail sends on the ICMP errors a closed port
      // returns
      InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long sent = 0;
      long failed = 0;
      for (long now = start; now < end; now = System.nanoTime()) {
        long due = rate == 0 ? sent + 1000 : (long) ((now - start) / 1e9 * rate);
        if (sent >= due) {
          LockSupport.parkNanos(200_000); // ahead of the rate: leave the core to the captures
          continue;
        }
        for (; sent < due; sent++) {
          datagram.clear();
          try {
            channel.send(datagram, target);
          } catch (java.io.IOException e) {
            failed++; // e.g. ENOBUFS under overload: counted, not offered
          }
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "sent=%d failed=%d seconds=%.2f pps=%.0f%n",
          sent - failed,
          failed,
          elapsed,
          (sent - failed) / elapsed);
    }
  }
}
