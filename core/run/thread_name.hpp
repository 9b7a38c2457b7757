#pragma once
// Names the calling thread (at most 15 characters on Linux), so that the processor time of
// each of a window's threads can be told apart: by `top -H`, `perf`, and the window's own
// benchmark (app/gui/window/thread_cpu.hpp). Elsewhere it does nothing.
#ifdef __linux__
#include <pthread.h>
#endif

namespace flowscope {

inline void nameThisThread([[maybe_unused]] const char* name) {
#ifdef __linux__
    pthread_setname_np(pthread_self(), name);
#endif
}

}  // namespace flowscope
