#ifndef LECTERN_CLECTERNSYS_SHIM_H
#define LECTERN_CLECTERNSYS_SHIM_H
#include <stdint.h>
#include <signal.h>
#include <spawn.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* The scoreboard is shared memory written by several processes: plain loads and stores
   from Swift would not be atomic, so these wrap the compiler's builtins. */
static inline int64_t lectern_atomic_load(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void lectern_atomic_store(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int64_t lectern_atomic_add(int64_t *p, int64_t v) { return __atomic_add_fetch(p, v, __ATOMIC_ACQ_REL); }
static inline void lectern_atomic_max(int64_t *p, int64_t v) {
    int64_t seen = __atomic_load_n(p, __ATOMIC_ACQUIRE);
    while (seen < v && !__atomic_compare_exchange_n(p, &seen, v, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {}
}

/* A child must not outlive a master that was killed with SIGKILL. */
static inline int lectern_set_parent_death_signal(int sig) { return prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0); }

/* Signal handlers are installed without SA_RESTART where a blocked accept() must wake. */
typedef void (*lectern_signal_handler)(int);
static inline int lectern_install_handler(int sig, lectern_signal_handler handler, int restart) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    action.sa_handler = handler;
    return sigaction(sig, &action, NULL);
}
static inline int lectern_ignore_signal(int sig) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = SIG_IGN;
    return sigaction(sig, &action, NULL);
}

/* A worker keeps its stop signals blocked except while it waits for a connection, so that
   no signal can interrupt libfcgi between accept() and the end of a request (libfcgi's
   post-accept select() would fail with EINTR and drop the connection nginx just made). */
static inline int lectern_block_stop_signals(sigset_t *previous) {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGQUIT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    int result = sigprocmask(SIG_BLOCK, &stop, previous);
    sigdelset(previous, SIGQUIT);
    sigdelset(previous, SIGTERM);
    sigdelset(previous, SIGINT);
    return result;
}

/* Waits until `fd` is readable with `mask` as the signal mask, atomically (pselect):
   > 0 readable, 0 timeout, -1 interrupted or failed. */
static inline int lectern_wait_readable(int fd, int timeout_ms, const sigset_t *mask) {
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(fd, &readable);
    struct timespec timeout = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };
    return pselect(fd + 1, &readable, NULL, NULL, &timeout, mask);
}

/* Linux reports the accept queue of a listening TCP socket in tcpi_unacked. */
static inline int lectern_tcp_listen_queue(int fd) {
    struct tcp_info info;
    socklen_t len = sizeof(info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return -1;
    return (int)info.tcpi_unacked;
}

static inline int64_t lectern_monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
static inline int64_t lectern_monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
#endif
