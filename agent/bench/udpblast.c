/*
 * UDP sender for the capture benchmarks: RATE datagrams/s (0 = as fast as it can) to ADDR:PORT for
 * SECONDS, in batches of sendmmsg(2), paced every millisecond. One thread; a Java sender reached only
 * about 30k packets/s on a busy machine, this one several 100k. 18-byte payloads: 64-byte frames.
 * Each payload differs (a counter), so every packet has its own fingerprint.
 *
 *   gcc -O2 -o udpblast agent/bench/udpblast.c
 *   udpblast ADDR PORT RATE SECONDS   ->   sent=N failed=N seconds=S pps=P
 *
 * Only ever run inside the benchmark's own network namespaces (agent/bench/cost.sh).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PAYLOAD 18

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: udpblast ADDR PORT RATE SECONDS\n");
    return 2;
  }
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
  if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
    fprintf(stderr, "udpblast: bad address %s\n", argv[1]);
    return 2;
  }
  double rate = atof(argv[3]), seconds = atof(argv[4]);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof to) < 0) {
    perror("udpblast");
    return 1;
  }
  static unsigned char payload[BATCH][PAYLOAD];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof msgs);
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = payload[i];
    iov[i].iov_len = PAYLOAD;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  unsigned long long sent = 0, failed = 0;
  double start = now(), end = start + seconds;
  for (;;) {
    double t = now();
    if (t >= end) break;
    /* how many should be out by now; send up to a batch of the difference */
    unsigned long long due = rate > 0 ? (unsigned long long)((t - start) * rate) : sent + BATCH;
    if (due <= sent + failed) {
      struct timespec nap = {0, 200000}; /* 0.2 ms */
      nanosleep(&nap, NULL);
      continue;
    }
    unsigned long long want = due - sent - failed;
    int n = want < BATCH ? (int)want : BATCH;
    for (int i = 0; i < n; i++) {
      unsigned long long seq = sent + failed + i;
      memcpy(payload[i], &seq, sizeof seq);
    }
    int r = sendmmsg(fd, msgs, n, 0);
    if (r < 0) {
      if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED) {
        perror("udpblast: sendmmsg");
        return 1;
      }
      failed += n;
    } else {
      sent += r;
      failed += n - r;
    }
  }
  double took = now() - start;
  printf("sent=%llu failed=%llu seconds=%.2f pps=%.0f\n", sent, failed, took, sent / took);
  return 0;
}
