// libFuzzer target: what a provider plugin writes to its stdout, as the
// engine decodes it. The input is split into lines; a call is waiting for
// request ids 1 and 2, so both answers and garbage reach RpcSession::on_line,
// and each answer's result goes through diagnostics_from as plan does.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/provider/provider.h"
#include "engine/provider/rpc_session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  forma::provider::RpcSession session("fuzz");
  int64_t ids[2] = {0, 0};
  forma::provider::CallResult failed;
  for (auto& id : ids)
    if (!session.begin_call("plan_resource", forma::json::object(), id, failed)) return 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    session.on_line(text.substr(start, nl - start));
    start = nl + 1;
  }
  for (auto id : ids) {
    auto r = session.wait_for_answer(id, "plan_resource", std::chrono::milliseconds(0));
    if (r.ok) (void)forma::provider::diagnostics_from(r.result, "test_null.a");
  }
  return 0;
}
