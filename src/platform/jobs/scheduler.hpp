// Background work of a `trame serve` process: periodic tasks on one thread (mail delivery,
// clean-up). Each task runs at most once per period; a failing task is logged and retried at
// its next period, never stopping the others.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "platform/store/database.hpp"

namespace trame::jobs {

class Scheduler {
 public:
  void every(std::string name, std::chrono::seconds period, std::function<void()> task);
  // Runs until stop becomes true; checks it every 100 ms.
  void run(std::atomic<bool>& stop);

 private:
  struct Task {
    std::string name;
    std::chrono::seconds period;
    std::function<void()> run;
    std::chrono::steady_clock::time_point next;
  };
  std::vector<Task> tasks_;
};

// Deletes what no longer serves: old rate-limit events and submission ids, sessions and one-time
// links expired for more than 30 days, CSV imports left unconfirmed for a week. Returns the number
// of rows removed.
long long purge_expired(store::Database& db, long long now);

}  // namespace trame::jobs
