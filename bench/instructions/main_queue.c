/* Loaded (LD_PRELOAD) into a Swift program run under valgrind, for instruction counts only.
 *
 * An async `main` ends in dispatch_main(), which parks the main thread with pthread_exit and drains the
 * main queue elsewhere; valgrind 3.19 crashes following that. This drains the main queue on the main
 * thread instead, as Foundation's RunLoop does on Linux: same work, a thread valgrind can follow. */
#include <poll.h>
#include <stdint.h>

extern void *_dispatch_get_main_queue_handle_4CF(void);
extern void _dispatch_main_queue_callback_4CF(void *message);

void dispatch_main(void) {
    int queue = (int)(intptr_t)_dispatch_get_main_queue_handle_4CF();
    for (;;) {
        struct pollfd ready = {queue, POLLIN, 0};
        poll(&ready, 1, -1);
        _dispatch_main_queue_callback_4CF(0);
    }
}
