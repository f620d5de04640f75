// Whether this machine can give a test a pseudo-terminal. A chroot or
// container without devpts mounted on /dev/pts cannot; tests that drive a pty
// then say so (WARN) and check nothing else, rather than fail for the machine.
#pragma once

#include <pty.h>
#include <unistd.h>

namespace forma::testing {

inline bool pty_available() {
  int master = -1, slave = -1;
  if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return false;
  close(master);
  close(slave);
  return true;
}

}  // namespace forma::testing

// At the start of a test case that needs a pseudo-terminal.
#define FORMA_REQUIRE_PTY_OR_RETURN()                                                        \
  do {                                                                                       \
    if (!forma::testing::pty_available()) {                                                  \
      WARN("no pseudo-terminal on this machine (is devpts mounted on /dev/pts?): not checked"); \
      return;                                                                                \
    }                                                                                        \
  } while (false)
