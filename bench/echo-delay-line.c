/*
 * The far side of bench/ping-scale-real: answers ICMP echo requests that the namespace routes into
 * a TUN device, each after its own random delay, and never answers the dark ones. It stands in for
 * netem (`delay 60ms 40ms`), which this kernel does not have, and for 100,000 hosts.
 *
 *   echo-delay-line TUN_NAME MIN_MS MAX_MS DARK_EVERY
 *
 * A request to an address whose offset in its /15 is a multiple of DARK_EVERY (0: none) gets no
 * reply; every other one gets an echo reply (addresses swapped, TTL 64) after a delay drawn
 * uniformly from [MIN_MS, MAX_MS]. Replies leave in order of their due time, so they overtake one
 * another as with netem's jitter. Prints its counts on SIGTERM/SIGINT and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 65536 /* replies waiting at once (about 6 s of 10,000 a second) */
#define MTU 1500

struct reply {
  uint64_t due;
  uint16_t len;
  unsigned char data[MTU];
};

static struct reply pool[SLOTS];
static int heap[SLOTS]; /* indexes into pool, a min-heap on due */
static int free_list[SLOTS];
static int heap_size, free_size;
static volatile sig_atomic_t stop;
static uint64_t requests, replies, dark, dropped, other;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

static void heap_push(int i) {
  int k = heap_size++;
  while (k > 0 && pool[heap[(k - 1) / 2]].due > pool[i].due) {
    heap[k] = heap[(k - 1) / 2];
    k = (k - 1) / 2;
  }
  heap[k] = i;
}

static int heap_pop(void) {
  int top = heap[0], last = heap[--heap_size], k = 0;
  for (;;) {
    int c = 2 * k + 1;
    if (c >= heap_size) break;
    if (c + 1 < heap_size && pool[heap[c + 1]].due < pool[heap[c]].due) c++;
    if (pool[last].due <= pool[heap[c]].due) break;
    heap[k] = heap[c];
    k = c;
  }
  if (heap_size > 0) heap[k] = last;
  return top;
}

static uint16_t checksum(const unsigned char *p, int len) {
  uint32_t sum = 0;
  for (int i = 0; i + 1 < len; i += 2) sum += (uint32_t)p[i] << 8 | p[i + 1];
  if (len & 1) sum += (uint32_t)p[len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

/* Turns the echo request in r into its reply: 1; a dark address: 0; not an echo request: -1. */
static int make_reply(struct reply *r, int dark_every) {
  unsigned char *ip = r->data;
  if (r->len < 20 || (ip[0] >> 4) != 4) return -1;
  int ihl = (ip[0] & 15) * 4;
  if (ip[9] != 1 || r->len < ihl + 8 || ip[ihl] != 8) return -1; /* ICMP echo request only */
  requests++;
  uint32_t offset = ((uint32_t)(ip[17] & 1) << 16) | (uint32_t)ip[18] << 8 | ip[19];
  if (dark_every > 0 && offset % (uint32_t)dark_every == 0) {
    dark++;
    return 0;
  }
  unsigned char tmp[4];
  memcpy(tmp, ip + 12, 4);
  memcpy(ip + 12, ip + 16, 4);
  memcpy(ip + 16, tmp, 4);
  ip[8] = 64;
  ip[10] = ip[11] = 0;
  uint16_t c = checksum(ip, ihl);
  ip[10] = c >> 8;
  ip[11] = c & 0xff;
  unsigned char *icmp = ip + ihl;
  icmp[0] = 0;
  icmp[2] = icmp[3] = 0;
  c = checksum(icmp, r->len - ihl);
  icmp[2] = c >> 8;
  icmp[3] = c & 0xff;
  return 1;
}

static void on_signal(int s) {
  (void)s;
  stop = 1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s TUN_NAME MIN_MS MAX_MS DARK_EVERY\n", argv[0]);
    return 2;
  }
  uint64_t min_ns = strtoull(argv[2], 0, 10) * 1000000u;
  uint64_t span_ns = strtoull(argv[3], 0, 10) * 1000000u - min_ns;
  int dark_every = atoi(argv[4]);
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
  if (fd < 0) {
    perror("/dev/net/tun");
    return 1;
  }
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
    perror("TUNSETIFF");
    return 1;
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  for (int i = 0; i < SLOTS; i++) free_list[i] = SLOTS - 1 - i;
  free_size = SLOTS;
  srand48((long)now_ns());
  printf("ready\n");
  fflush(stdout);
  while (!stop) {
    uint64_t now = now_ns();
    while (heap_size > 0 && pool[heap[0]].due <= now) {
      int i = heap_pop();
      if (write(fd, pool[i].data, pool[i].len) == pool[i].len) replies++;
      else dropped++;
      free_list[free_size++] = i;
    }
    struct timespec wait, *timeout = NULL;
    if (heap_size > 0) {
      uint64_t ns = pool[heap[0]].due - now;
      wait.tv_sec = (time_t)(ns / 1000000000u);
      wait.tv_nsec = (long)(ns % 1000000000u);
      timeout = &wait;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (ppoll(&p, 1, timeout, NULL) < 0 && errno != EINTR) {
      perror("poll");
      return 1;
    }
    for (;;) {
      if (free_size == 0) { /* full: read and drop, counted */
        unsigned char sink[MTU];
        if (read(fd, sink, sizeof sink) <= 0) break;
        dropped++;
        continue;
      }
      int i = free_list[free_size - 1];
      ssize_t n = read(fd, pool[i].data, MTU);
      if (n <= 0) break;
      pool[i].len = (uint16_t)n;
      int answer = make_reply(&pool[i], dark_every);
      if (answer <= 0) {
        if (answer < 0) other++;
        continue;
      }
      free_size--;
      pool[i].due = now_ns() + min_ns + (uint64_t)(drand48() * (double)span_ns);
      heap_push(i);
    }
  }
  printf("requests %llu replies %llu dark %llu dropped %llu other %llu\n",
         (unsigned long long)requests, (unsigned long long)replies, (unsigned long long)dark,
         (unsigned long long)dropped, (unsigned long long)other);
  return 0;
}
