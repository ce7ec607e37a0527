package io.dockercanvas.pipeline.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Corner cases of libpcap's bpf_filter that recorded frames rarely reach (the agent's
 * LibpcapBpfTest compares with libpcap on the lab's captures).
 */
class BpfMachineTest {

  private final int[] mem = new int[BpfMachine.MEMWORDS];

  private static BpfProgram program(int[]... insns) {
    int[] code = new int[insns.length];
    int[] jt = new int[insns.length];
    int[] jf = new int[insns.length];
    int[] k = new int[insns.length];
    for (int i = 0; i < insns.length; i++) {
      code[i] = insns[i][0];
      jt[i] = insns[i][1];
      jf[i] = insns[i][2];
      k[i] = insns[i][3];
    }
    return new BpfProgram("test", 1, code, jt, jf, k);
  }

  @Test
  void loadBeyondTheCapturedBytes_endsWithNoMatch() {
    // ld [2] (a word at 2 of a 5-byte capture); ret #1
    BpfProgram p = program(new int[] {0x20, 0, 0, 2}, new int[] {0x06, 0, 0, 1});
    assertThat(BpfMachine.run(p, new byte[10], 0, 5, 100, mem)).isZero();
    assertThat(BpfMachine.run(p, new byte[10], 0, 6, 100, mem)).isEqualTo(1);
  }

  @Test
  void indirectLoad_withAHugeX_doesNotWrapAround() {
    // ldx #0xffffffff; ldb [x + 2]; ret #1
    BpfProgram p =
        program(new int[] {0x01, 0, 0, -1}, new int[] {0x50, 0, 0, 2}, new int[] {0x06, 0, 0, 1});
    assertThat(BpfMachine.run(p, new byte[10], 0, 10, 10, mem)).isZero();
  }

  @Test
  void divisionByZeroX_endsWithNoMatch() {
    // ld #10; ldx #0; div x; ret #1
    BpfProgram p =
        program(
            new int[] {0x00, 0, 0, 10},
            new int[] {0x01, 0, 0, 0},
            new int[] {0x3c, 0, 0, 0},
            new int[] {0x06, 0, 0, 1});
    assertThat(BpfMachine.run(p, new byte[1], 0, 1, 1, mem)).isZero();
  }

  @Test
  void unsignedCompare_andMsh_andReturnA() {
    // ld #0x80000000; jgt #1 -> ret a, else ret #0
    BpfProgram gt =
        program(
            new int[] {0x00, 0, 0, 0x80000000},
            new int[] {0x25, 0, 1, 1},
            new int[] {0x16, 0, 0, 0},
            new int[] {0x06, 0, 0, 0});
    assertThat(BpfMachine.run(gt, new byte[1], 0, 1, 1, mem)).isEqualTo(0x80000000);
    // ldxb 4*([0]&0xf); txa; ret a  (an IPv4 header length)
    BpfProgram msh =
        program(new int[] {0xb1, 0, 0, 0}, new int[] {0x87, 0, 0, 0}, new int[] {0x16, 0, 0, 0});
    assertThat(BpfMachine.run(msh, new byte[] {0x45}, 0, 1, 1, mem)).isEqualTo(20);
  }

  @Test
  void frameOffset_isWhereTheFrameStarts() {
    // ldb [0]; ret a
    BpfProgram p = program(new int[] {0x30, 0, 0, 0}, new int[] {0x16, 0, 0, 0});
    assertThat(BpfMachine.run(p, new byte[] {9, 7}, 1, 1, 1, mem)).isEqualTo(7);
  }
}
