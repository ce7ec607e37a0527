package io.dockercanvas.agent.capture;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * libpcap's {@code pcap_next_ex}, bound directly: pcap4j's own read methods copy every packet into
 * a new {@code byte[]}, and the capture path must not allocate per packet. pcap4j still opens,
 * filters, counts and closes the handle.
 */
public interface PcapNextEx {

  PcapNextEx LIBPCAP = LibraryLoader.create(PcapNextEx.class).load("pcap");

  /**
   * @param pcap the {@code pcap_t*}
   * @param headerOut receives the {@code struct pcap_pkthdr*}
   * @param dataOut receives the packet's {@code const u_char*}
   * @return 1 a packet, 0 the read timeout expired, -1 an error, -2 {@code pcap_breakloop}
   */
  int pcap_next_ex(Pointer pcap, Pointer headerOut, Pointer dataOut);

  /**
   * Makes a read blocked in another thread return -2 at once (libpcap 1.10 wakes its poll for
   * this).
   */
  void pcap_breakloop(Pointer pcap);

  /**
   * Non-blocking reads: with TPACKET_V3 a blocking read ignores the timeout while no packet comes.
   */
  int pcap_setnonblock(Pointer pcap, int nonblock, Pointer errbuf);

  int pcap_get_selectable_fd(Pointer pcap);

  /** libc's poll, to wait for the next block of packets at most a read timeout. */
  interface Libc {
    Libc LIBC = LibraryLoader.create(Libc.class).load("c");

    int poll(Pointer fds, int nfds, int timeoutMillis);
  }
}
