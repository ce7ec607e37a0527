package io.dockercanvas.agent.capture;

import com.kenai.jffi.MemoryIO;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;

/**
 * One live pcap handle on one interface. Opened on the thread of the namespace the interface lives
 * in (the AF_PACKET socket belongs to the namespace of the thread that creates it); after that
 * every call comes from the one capture thread that reads it, which is why nothing here is
 * synchronised.
 *
 * <p>{@link #next()} copies the frame once into a buffer that is reused for every frame.
 */
public final class LiveHandle implements AutoCloseable {

  /**
   * Read timeout: how long a read blocks at most, so the capture thread notices close and filter
   * changes.
   */
  static final int READ_TIMEOUT_MS = 100;

  /**
   * The kernel's ring per handle (libpcap's -B). It is mapped into the agent and counts in its RSS
   * for every point (10 on a lab node); 1 MiB held 100k packets/s of 64-byte frames without a drop
   * (docs/benchmarks.md, "Agent cost"). -Dcanvas.capture.bufferKiB=N sets another size.
   */
  static final int BUFFER_BYTES = Integer.getInteger("canvas.capture.bufferKiB", 1024) << 10;

  private static final MemoryIO MEMORY = MemoryIO.getInstance();
  private static final AtomicInteger OPEN = new AtomicInteger();

  private final PcapHandle handle;
  private final Pointer pcap;
  private final Pointer headerOut;
  private final Pointer dataOut;
  private final Pointer pollFd;
  private final byte[] buffer;
  private final boolean nanoTimestamps;
  private final int linkType;
  private long timestampNanos;
  private int caplen;
  private int origLen;

  private LiveHandle(PcapHandle handle, boolean nanoTimestamps, int snapLength) {
    Runtime runtime = Runtime.getRuntime(PcapNextEx.LIBPCAP);
    this.handle = handle;
    this.pcap = Pointer.wrap(runtime, pcapPointer(handle));
    this.headerOut = Memory.allocateDirect(runtime, 8);
    this.dataOut = Memory.allocateDirect(runtime, 8);
    this.buffer = new byte[snapLength];
    // struct pollfd {int fd; short events; short revents;} for the handle's fd, POLLIN
    this.pollFd = Memory.allocateDirect(runtime, 8);
    if (PcapNextEx.LIBPCAP.pcap_setnonblock(pcap, 1, Memory.allocateDirect(runtime, 256)) != 0) {
      throw new IllegalStateException("pcap_setnonblock failed");
    }
    pollFd.putInt(0, PcapNextEx.LIBPCAP.pcap_get_selectable_fd(pcap));
    pollFd.putShort(4, (short) 1);
    this.nanoTimestamps = nanoTimestamps;
    this.linkType = handle.getDlt().value();
  }

  /** Opens {@code interfaceName} in the calling thread's namespace, with a kernel filter. */
  public static LiveHandle open(String interfaceName, int snapLength, String filter)
      throws PcapNativeException {
    PcapHandle handle;
    boolean nano = true;
    try {
      handle =
          builder(interfaceName, snapLength)
              .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
              .build();
    } catch (PcapNativeException e) {
      nano = false; // kernels or libpcaps without nanosecond stamps
      handle = builder(interfaceName, snapLength).build();
    }
    try {
      handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
    } catch (PcapNativeException | NotOpenException | RuntimeException e) {
      handle.close();
      throw new PcapNativeException(
          "filter '" + filter + "' on " + interfaceName + ": " + e.getMessage());
    }
    LiveHandle live = new LiveHandle(handle, nano, snapLength);
    OPEN.incrementAndGet();
    return live;
  }

  private static PcapHandle.Builder builder(String interfaceName, int snapLength) {
    return new PcapHandle.Builder(interfaceName)
        .snaplen(snapLength)
        // as tcpdump does: a bridge (br0, docker_gwbridge) hands the frames it forwards between its
        // ports
        // to its own device, where the capture is, only when that device is promiscuous
        .promiscuousMode(PromiscuousMode.PROMISCUOUS)
        .timeoutMillis(READ_TIMEOUT_MS)
        .bufferSize(BUFFER_BYTES);
  }

  /**
   * pcap4j keeps the {@code pcap_t*} private; reading it once lets the hot loop call libpcap
   * itself.
   */
  private static long pcapPointer(PcapHandle handle) {
    try {
      Field field = PcapHandle.class.getDeclaredField("handle");
      field.setAccessible(true);
      return com.sun.jna.Pointer.nativeValue((com.sun.jna.Pointer) field.get(handle));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "pcap4j "
              + PcapHandle.class.getPackage().getImplementationVersion()
              + " has no 'handle' field; the agent needs pcap4j 1.8.2",
          e);
    }
  }

  /**
   * Reads the next frame into {@link #buffer()}.
   *
   * @return true for a frame, false when none came within the read timeout
   * @throws PcapNativeException when the handle failed (e.g. the interface went away)
   */
  public boolean next() throws PcapNativeException {
    int status = PcapNextEx.LIBPCAP.pcap_next_ex(pcap, headerOut, dataOut);
    if (status == 0) {
      PcapNextEx.Libc.LIBC.poll(pollFd, 1, READ_TIMEOUT_MS);
      status = PcapNextEx.LIBPCAP.pcap_next_ex(pcap, headerOut, dataOut);
    }
    if (status == 0 || status == -2) {
      return false;
    }
    if (status != 1) {
      throw new PcapNativeException(
          "pcap_next_ex returned " + status + " (the interface went away or the handle broke)");
    }
    long header = headerOut.getAddress(0);
    long seconds = MEMORY.getLong(header);
    long fraction = MEMORY.getLong(header + 8);
    timestampNanos = seconds * 1_000_000_000L + (nanoTimestamps ? fraction : fraction * 1000);
    caplen = Math.min(MEMORY.getInt(header + 16), buffer.length);
    origLen = MEMORY.getInt(header + 20);
    MEMORY.getByteArray(dataOut.getAddress(0), buffer, 0, caplen);
    return true;
  }

  public byte[] buffer() {
    return buffer;
  }

  public long timestampNanos() {
    return timestampNanos;
  }

  public int caplen() {
    return caplen;
  }

  public int origLen() {
    return origLen;
  }

  /** The pcap link type number (1 for Ethernet). */
  public int linkType() {
    return linkType;
  }

  public void setFilter(String filter) throws PcapNativeException, NotOpenException {
    handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
  }

  /**
   * Kernel counters since the handle opened: {received, dropped by the kernel, dropped by the
   * interface}.
   */
  public PcapStat stats() throws PcapNativeException, NotOpenException {
    return handle.getStats();
  }

  /**
   * Wakes the capture thread from a blocked read; safe from any thread, also after the capture
   * thread closed the handle itself (a broken interface): pcap_breakloop on a freed handle crashes
   * the JVM.
   */
  public synchronized void wakeUp() {
    if (handle.isOpen()) {
      PcapNextEx.LIBPCAP.pcap_breakloop(pcap);
    }
  }

  /** Handles open in this process (for leak checks). */
  public static int openCount() {
    return OPEN.get();
  }

  @Override
  public synchronized void close() {
    if (handle.isOpen()) {
      handle.close();
      OPEN.decrementAndGet();
    }
  }
}
