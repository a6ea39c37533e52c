#include "platform/jobs/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <thread>

namespace trame::jobs {

void Scheduler::every(std::string name, std::chrono::seconds period, std::function<void()> task) {
  tasks_.push_back({std::move(name), period, std::move(task), std::chrono::steady_clock::now()});
}

void Scheduler::run(std::atomic<bool>& stop) {
  while (!stop) {
    auto now = std::chrono::steady_clock::now();
    for (auto& task : tasks_) {
      if (stop || now < task.next) continue;
      try {
        task.run();
      } catch (const std::exception& ex) {
        spdlog::error("tâche de fond « {} » : {}", task.name, ex.what());
      }
      task.next = std::chrono::steady_clock::now() + task.period;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace trame::jobs
