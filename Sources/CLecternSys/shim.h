#ifndef LECTERN_CLECTERNSYS_SHIM_H
#define LECTERN_CLECTERNSYS_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* The scoreboard is shared memory written by several processes: plain loads and stores
   from Swift would not be atomic, so these wrap the compiler's builtins. */
static inline int64_t lectern_atomic_load(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void lectern_atomic_store(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int64_t lectern_atomic_add(int64_t *p, int64_t v) { return __atomic_add_fetch(p, v, __ATOMIC_ACQ_REL); }

static inline int lectern_memfd(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

/* Linux reports the accept queue of a listening TCP socket in tcpi_unacked. */
static inline int lectern_tcp_listen_queue(int fd) {
    struct tcp_info info;
    socklen_t len = sizeof(info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return -1;
    return (int)info.tcpi_unacked;
}
#endif
