#include "engine/graph/walk.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <queue>
#include <thread>

namespace forma::graph {

namespace {

class Walk {
 public:
  Walk(const Graph& g, const WalkOptions& options, const Visitor& visit)
      : g_(g), options_(options), visit_(visit), outcome_(g.size(), Outcome::NotRun),
        waiting_(g.size(), 0), pending_subtasks_(g.size(), 0), subtasks_ok_(g.size(), 1),
        finish_(g.size()), height_(heights(g)) {}

  std::vector<Outcome> run() {
    for (size_t i = 0; i < g_.size(); ++i) {
      if (!included(static_cast<NodeId>(i))) continue;
      ++unresolved_;
      for (const auto& e : g_.node(static_cast<NodeId>(i)).deps)
        if (included(e.to)) ++waiting_[i];
    }
    for (size_t i = 0; i < g_.size(); ++i)
      if (included(static_cast<NodeId>(i)) && waiting_[i] == 0) push(static_cast<NodeId>(i), nullptr);

    int threads = std::max(1, options_.parallelism);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back([this] { work(); });
    for (auto& t : pool) t.join();
    return outcome_;
  }

 private:
  struct Job {
    NodeId node;
    std::shared_ptr<std::function<bool()>> subtask;  // null: the node's visit
    int height = 0;      // the longest chain of dependents behind the node
    uint64_t order = 0;  // among equal heights, first ready first
  };
  struct Later {
    bool operator()(const Job& a, const Job& b) const {
      return a.height != b.height ? a.height < b.height : a.order > b.order;
    }
  };

  // Each node's height: 0 for a node nothing depends on, else one more than
  // its highest dependent. Nodes on a cycle (reported before any walk) stay 0.
  static std::vector<int> heights(const Graph& g) {
    std::vector<int> height(g.size(), 0);
    std::vector<size_t> unfinished(g.size(), 0);  // dependents whose height is not known yet
    std::vector<NodeId> ready;
    for (size_t i = 0; i < g.size(); ++i) {
      unfinished[i] = g.node(static_cast<NodeId>(i)).dependents.size();
      if (unfinished[i] == 0) ready.push_back(static_cast<NodeId>(i));
    }
    while (!ready.empty()) {
      NodeId id = ready.back();
      ready.pop_back();
      for (const auto& e : g.node(id).deps) {
        auto to = static_cast<size_t>(e.to);
        height[to] = std::max(height[to], height[static_cast<size_t>(id)] + 1);
        if (--unfinished[to] == 0) ready.push_back(e.to);
      }
    }
    return height;
  }

  // Called with the lock held (or before the workers start).
  void push(NodeId id, std::shared_ptr<std::function<bool()>> subtask) {
    queue_.push(Job{id, std::move(subtask), height_[static_cast<size_t>(id)], next_order_++});
  }

  bool included(NodeId id) const {
    return options_.include.empty() || options_.include[static_cast<size_t>(id)];
  }
  bool cancelled() const { return options_.cancel && options_.cancel->load(); }

  void work() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return !queue_.empty() || unresolved_ == 0; });
      if (queue_.empty()) break;  // everything resolved
      Job job = queue_.top();
      queue_.pop();
      if (cancelled()) {
        // Work that never started because of cancellation still resolves its node.
        if (job.subtask) subtask_finished(job.node, false);
        else complete(job.node, Outcome::NotRun);
        continue;
      }
      lock.unlock();
      if (job.subtask) {
        bool ok = guarded([&] { return (*job.subtask)(); });
        lock.lock();
        subtask_finished(job.node, ok);
      } else {
        run_visit(job.node, lock);
      }
    }
  }

  template <typename F>
  static bool guarded(F&& f) {
    try {
      return f();
    } catch (...) {
      return false;
    }
  }

  // Called without the lock; returns with it held.
  void run_visit(NodeId id, std::unique_lock<std::mutex>& lock) {
    Visit v;
    try {
      v = visit_(id);
    } catch (...) {
      v = Visit{};
      v.ok = false;
    }
    if (!v.ok || v.subtasks.empty()) {
      bool ok = v.ok;
      if (ok && v.finish) ok = guarded([&] { return v.finish(true); });
      lock.lock();
      complete(id, ok ? Outcome::Done : Outcome::Failed);
      return;
    }
    lock.lock();
    finish_[static_cast<size_t>(id)] = std::move(v.finish);
    pending_subtasks_[static_cast<size_t>(id)] = static_cast<int>(v.subtasks.size());
    for (auto& fn : v.subtasks) {
      push(id, std::make_shared<std::function<bool()>>(std::move(fn)));
      cv_.notify_one();
    }
  }

  // Called with the lock held.
  void subtask_finished(NodeId id, bool ok) {
    if (!ok) subtasks_ok_[static_cast<size_t>(id)] = 0;
    if (--pending_subtasks_[static_cast<size_t>(id)] > 0) return;
    bool all_ok = subtasks_ok_[static_cast<size_t>(id)] != 0;
    auto finish = std::move(finish_[static_cast<size_t>(id)]);
    if (finish) {
      mu_.unlock();
      all_ok = guarded([&] { return finish(all_ok); });
      mu_.lock();
    }
    complete(id, all_ok ? Outcome::Done : (cancelled() ? Outcome::NotRun : Outcome::Failed));
  }

  // Called with the lock held.
  void complete(NodeId id, Outcome outcome) {
    outcome_[static_cast<size_t>(id)] = outcome;
    --unresolved_;
    for (NodeId d : g_.node(id).dependents) {
      if (!included(d) || outcome_[static_cast<size_t>(d)] == Outcome::Skipped) continue;
      if (outcome == Outcome::Failed) {
        skip(d);
      } else if (--waiting_[static_cast<size_t>(d)] == 0) {
        push(d, nullptr);
        cv_.notify_one();  // one job, one worker: waking all of them costs more than the job
      }
    }
    if (unresolved_ == 0) cv_.notify_all();
  }

  void skip(NodeId id) {
    if (outcome_[static_cast<size_t>(id)] == Outcome::Skipped) return;
    outcome_[static_cast<size_t>(id)] = Outcome::Skipped;
    --unresolved_;
    for (NodeId d : g_.node(id).dependents)
      if (included(d)) skip(d);
  }

  const Graph& g_;
  const WalkOptions& options_;
  const Visitor& visit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<Job, std::vector<Job>, Later> queue_;
  std::vector<Outcome> outcome_;
  std::vector<int> waiting_;
  std::vector<int> pending_subtasks_;
  std::vector<char> subtasks_ok_;
  std::vector<std::function<bool(bool)>> finish_;
  size_t unresolved_ = 0;
  std::vector<int> height_;
  uint64_t next_order_ = 0;
};

}  // namespace

std::vector<Outcome> walk(const Graph& g, const WalkOptions& options, const Visitor& visit) {
  return Walk(g, options, visit).run();
}

}  // namespace forma::graph
