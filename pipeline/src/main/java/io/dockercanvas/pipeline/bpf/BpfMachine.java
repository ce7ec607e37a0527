package io.dockercanvas.pipeline.bpf;

/**
 * Runs a classic BPF program over a captured frame as libpcap's {@code bpf_filter} does: unsigned
 * 32-bit arithmetic, big-endian loads, a load beyond the captured bytes ends the program with 0 (no
 * match), division by zero too. Allocates nothing: the 16 scratch words are the caller's.
 */
public final class BpfMachine {

  public static final int MEMWORDS = 16;

  private BpfMachine() {}

  /**
   * The program's return value (non-zero: the frame matches).
   *
   * @param offset where the frame starts in {@code buffer}
   * @param caplen bytes of the frame captured
   * @param wirelen the frame's length on the wire
   * @param mem {@link #MEMWORDS} scratch words
   */
  public static int run(
      BpfProgram program, byte[] buffer, int offset, int caplen, int wirelen, int[] mem) {
    int[] code = program.code();
    int[] jt = program.jt();
    int[] jf = program.jf();
    int[] ks = program.k();
    int a = 0;
    int x = 0;
    int pc = 0;
    while (pc < code.length) {
      int c = code[pc];
      int k = ks[pc];
      pc++;
      switch (c) {
        case 0x06: // RET K
          return k;
        case 0x16: // RET A
          return a;
        case 0x00: // LD IMM
          a = k;
          break;
        case 0x20: // LD W ABS
          if (outside(k, 4, caplen)) {
            return 0;
          }
          a = word(buffer, offset + k);
          break;
        case 0x28: // LD H ABS
          if (outside(k, 2, caplen)) {
            return 0;
          }
          a = half(buffer, offset + k);
          break;
        case 0x30: // LD B ABS
          if (outside(k, 1, caplen)) {
            return 0;
          }
          a = buffer[offset + k] & 0xFF;
          break;
        case 0x80: // LD W LEN
          a = wirelen;
          break;
        case 0x81: // LDX W LEN
          x = wirelen;
          break;
        case 0x40, 0x48, 0x50: // LD W/H/B IND
          {
            long at = (x & 0xFFFFFFFFL) + (k & 0xFFFFFFFFL);
            int size = c == 0x40 ? 4 : c == 0x48 ? 2 : 1;
            if (at > Integer.MAX_VALUE || outside((int) at, size, caplen)) {
              return 0;
            }
            int i = offset + (int) at;
            a = size == 4 ? word(buffer, i) : size == 2 ? half(buffer, i) : buffer[i] & 0xFF;
            break;
          }
        case 0xb1: // LDX MSH B
          if (outside(k, 1, caplen)) {
            return 0;
          }
          x = (buffer[offset + k] & 0x0F) << 2;
          break;
        case 0x01: // LDX IMM
          x = k;
          break;
        case 0x60: // LD MEM
          a = mem[k];
          break;
        case 0x61: // LDX MEM
          x = mem[k];
          break;
        case 0x02: // ST
          mem[k] = a;
          break;
        case 0x03: // STX
          mem[k] = x;
          break;
        case 0x05: // JA
          pc += k;
          break;
        case 0x15: // JEQ K
          pc += a == k ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x25: // JGT K
          pc += Integer.compareUnsigned(a, k) > 0 ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x35: // JGE K
          pc += Integer.compareUnsigned(a, k) >= 0 ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x45: // JSET K
          pc += (a & k) != 0 ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x1d: // JEQ X
          pc += a == x ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x2d: // JGT X
          pc += Integer.compareUnsigned(a, x) > 0 ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x3d: // JGE X
          pc += Integer.compareUnsigned(a, x) >= 0 ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x4d: // JSET X
          pc += (a & x) != 0 ? jt[pc - 1] : jf[pc - 1];
          break;
        case 0x0c: // ADD X
          a += x;
          break;
        case 0x1c: // SUB X
          a -= x;
          break;
        case 0x2c: // MUL X
          a *= x;
          break;
        case 0x3c: // DIV X
          if (x == 0) {
            return 0;
          }
          a = Integer.divideUnsigned(a, x);
          break;
        case 0x9c: // MOD X
          if (x == 0) {
            return 0;
          }
          a = Integer.remainderUnsigned(a, x);
          break;
        case 0x5c: // AND X
          a &= x;
          break;
        case 0x4c: // OR X
          a |= x;
          break;
        case 0xac: // XOR X
          a ^= x;
          break;
        case 0x6c: // LSH X
          a = Integer.compareUnsigned(x, 32) < 0 ? a << x : 0;
          break;
        case 0x7c: // RSH X
          a = Integer.compareUnsigned(x, 32) < 0 ? a >>> x : 0;
          break;
        case 0x04: // ADD K
          a += k;
          break;
        case 0x14: // SUB K
          a -= k;
          break;
        case 0x24: // MUL K
          a *= k;
          break;
        case 0x34: // DIV K
          if (k == 0) {
            return 0;
          }
          a = Integer.divideUnsigned(a, k);
          break;
        case 0x94: // MOD K
          if (k == 0) {
            return 0;
          }
          a = Integer.remainderUnsigned(a, k);
          break;
        case 0x54: // AND K
          a &= k;
          break;
        case 0x44: // OR K
          a |= k;
          break;
        case 0xa4: // XOR K
          a ^= k;
          break;
        case 0x64: // LSH K
          a = Integer.compareUnsigned(k, 32) < 0 ? a << k : 0;
          break;
        case 0x74: // RSH K
          a = Integer.compareUnsigned(k, 32) < 0 ? a >>> k : 0;
          break;
        case 0x84: // NEG
          a = -a;
          break;
        case 0x07: // TAX
          x = a;
          break;
        case 0x87: // TXA
          a = x;
          break;
        default: // an instruction libpcap's filter does not know either: no match
          return 0;
      }
    }
    return 0;
  }

  /** True when {@code size} bytes at {@code k} are not all captured (k read unsigned). */
  private static boolean outside(int k, int size, int caplen) {
    return k < 0 || k > caplen - size;
  }

  private static int word(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
  }

  private static int half(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
  }
}
