#include "platform/jobs/scheduler.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <thread>

namespace trame::jobs {

Scheduler::Scheduler(store::Database& db) : db_(&db) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  holder_ = std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(random() % 1000000);
}

void Scheduler::every(std::string name, std::chrono::seconds period, std::function<void()> task) {
  every(std::move(name), period, std::chrono::seconds(0), std::move(task));
}

void Scheduler::every(std::string name, std::chrono::seconds period, std::chrono::seconds first_delay,
                      std::function<void()> task) {
  tasks_.push_back({std::move(name), period, std::move(task), std::chrono::steady_clock::now() + first_delay, true});
}

void Scheduler::on_each_instance(std::string name, std::chrono::seconds period, std::function<void()> task) {
  tasks_.push_back({std::move(name), period, std::move(task), std::chrono::steady_clock::now(), false});
}

void Scheduler::run_one(Task& task) {
  const bool leased = task.leased && db_ != nullptr;
  const long long period = std::max<long long>(1, task.period.count());
  if (leased) {
    long long now = store::now_seconds();
    if (!take_lease(*db_, task.name, holder_, now, now + std::max(period, kRunLeaseSeconds))) {
      spdlog::debug("tâche de fond « {} » : tenue par une autre instance", task.name);
      return;
    }
    spdlog::debug("tâche de fond « {} » : lancée par cette instance ({})", task.name, holder_);
  }
  try {
    task.run();
  } catch (const std::exception& ex) {
    spdlog::error("tâche de fond « {} » : {}", task.name, ex.what());
  }
  if (leased) {
    // Free again one second before this instance's own next run: whichever instance comes first
    // takes it, so the task runs about once per period across the instances.
    long long finished = store::now_seconds();
    hand_back_lease(*db_, task.name, holder_, finished + period - 1, finished);
  }
}

void Scheduler::run(std::atomic<bool>& stop) {
  while (!stop) {
    auto now = std::chrono::steady_clock::now();
    for (auto& task : tasks_) {
      if (stop || now < task.next) continue;
      try {
        run_one(task);
      } catch (const std::exception& ex) {
        spdlog::error("tâche de fond « {} » : {}", task.name, ex.what());
      }
      task.next = std::chrono::steady_clock::now() + task.period;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (db_ == nullptr) return;
  try {
    hand_back_leases(*db_, holder_);
  } catch (const std::exception& ex) {
    spdlog::warn("tâches de fond : baux non rendus ({}) ; ils expirent d'eux-mêmes", ex.what());
  }
}

}  // namespace trame::jobs
