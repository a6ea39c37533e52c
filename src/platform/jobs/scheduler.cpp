#include "platform/jobs/scheduler.hpp"
#include "platform/store/rate_limits.hpp"

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

long long purge_expired(store::Database& db, long long now) {
  const long long day = 24 * 3600;
  return db.write([&](soci::session& sql) {
    long long removed = 0;
    auto exec = [&](const std::string& query, long long before) {
      soci::statement st = (sql.prepare << query, soci::use(before));
      st.execute(true);
      removed += st.get_affected_rows();
    };
    exec("DELETE FROM rate_events WHERE at < :b", now - day);  // unused since 0018; older rows go
    removed += store::purge_rates(sql, now - day);
    exec("DELETE FROM form_submissions WHERE at < :b", now - day);
    exec("DELETE FROM sessions WHERE expires_at < :b", now - 30 * day);
    exec("DELETE FROM password_resets WHERE expires_at < :b", now - 30 * day);
    // A CSV import previewed but never confirmed within a week is dropped (confirmed ones are kept).
    exec("DELETE FROM import_batches WHERE status = 'pending' AND created_at < :b", now - 7 * day);
    return removed;
  });
}

}  // namespace trame::jobs
