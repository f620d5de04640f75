// libFuzzer target: `forma state push` input. Each document is pushed with
// force into one real state file (a fresh SQLite store in a temporary
// directory), so the shape check, the address checks and the writes all run.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "state/commands.h"
#include "state/store.h"

namespace {

forma::state::Store& store() {
  static std::unique_ptr<forma::state::Store> s = [] {
    char dir[] = "/tmp/forma-fuzz-state-XXXXXX";
    if (!mkdtemp(dir)) std::abort();
    forma::Status st;
    forma::state::OpenOptions oo;
    auto opened = forma::state::Store::open(std::string(dir) + "/forma.state.db", oo, st);
    if (!opened) {
      std::fprintf(stderr, "cannot open the state: %s\n", st.message().c_str());
      std::abort();
    }
    return opened;
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto r = forma::state::state_push(store(), text, /*force=*/true);
  if (r.status) (void)forma::state::state_list(store());
  return 0;
}
