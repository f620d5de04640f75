// Live progress of an apply or destroy, one line per event:
//   test_null.a: Creating...
//   test_null.a: Still creating... [10s elapsed]
//   test_null.a: Creation complete after 2.1s [id=4f1c...]
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "engine/plan/observer.h"
#include "engine/ui/render.h"

namespace forma::ui {

class ConsoleProgress : public plan::RunObserver {
 public:
  ConsoleProgress(std::FILE* out, Style style, bool show_refresh, int still_every_seconds = 10);
  ~ConsoleProgress() override;

  void refreshing(const std::string& address, const std::string& id) override;
  void change_started(const plan::ResourceChange& change) override;
  void change_finished(const plan::ResourceChange& change, double seconds, const std::string& id) override;
  void change_failed(const plan::ResourceChange& change, double seconds) override;
  // azure_batchai_cluster.nc6 (remote-exec): hello
  // azure_batchai_cluster.nc6 (remote-exec on tvm-1): hello
  void provisioner_output(const std::string& address, const std::string& provisioner, const std::string& node,
                          const std::string& text) override;

 private:
  void line(const std::string& text);
  void tick();

  std::FILE* out_;
  Style style_;
  bool show_refresh_;
  std::chrono::seconds every_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  struct InFlight {
    plan::Action action;
    std::chrono::steady_clock::time_point since;
    std::chrono::steady_clock::time_point last_report;
  };
  std::map<std::string, InFlight> in_flight_;
  std::thread ticker_;
};

}  // namespace forma::ui
