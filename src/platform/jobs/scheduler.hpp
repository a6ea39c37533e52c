// Background work of a `trame serve` process: periodic tasks on one thread (mail delivery,
// clean-up). Each task runs at most once per period; a failing task is logged and retried at
// its next period, never stopping the others.
//
// Several instances may share one database (docs/deploy.md). A task declared with every() then runs
// on one instance at a time, about once per period across them: before running it, an instance
// takes the task's lease (a row of job_leases, taken by a conditional upsert); the others skip it.
// A task declared with on_each_instance() runs everywhere: its own work must be claimed row by row
// (the mail outbox).
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
  // Without a database, no lease is taken: every task runs in this process.
  Scheduler() = default;
  explicit Scheduler(store::Database& db);
  void every(std::string name, std::chrono::seconds period, std::function<void()> task);
  // The same, with the first run `first_delay` from now instead of at once (e.g. a nightly task).
  void every(std::string name, std::chrono::seconds period, std::chrono::seconds first_delay,
             std::function<void()> task);
  void on_each_instance(std::string name, std::chrono::seconds period, std::function<void()> task);
  // Runs until stop becomes true; checks it every 100 ms. On the way out, this process's leases are
  // handed back, so that a restarted instance runs its tasks at once, as a single instance always did.
  void run(std::atomic<bool>& stop);
  // This process's name in job_leases.holder.
  const std::string& holder() const { return holder_; }

  // How long a lease is held while its task runs: a task still running then may be started by
  // another instance; an instance that died frees its tasks after that long.
  static constexpr long long kRunLeaseSeconds = 15 * 60;

 private:
  struct Task {
    std::string name;
    std::chrono::seconds period;
    std::function<void()> run;
    std::chrono::steady_clock::time_point next;
    bool leased = true;
  };
  void run_one(Task& task);
  store::Database* db_ = nullptr;
  std::string holder_;
  std::vector<Task> tasks_;
};

// Deletes what no longer serves: old rate-limit events and submission ids, sessions and one-time
// links expired for more than 30 days, CSV imports left unconfirmed for a week. Returns the number
// of rows removed.
long long purge_expired(store::Database& db, long long now);

// The leases of job_leases (lease_repository.cpp). take_lease: true if this holder now holds the
// job until `until` (the row was free: absent or held_until <= now). hand_back_lease: the job may be
// taken again from `free_at` on (only if this holder still holds it).
bool take_lease(store::Database& db, const std::string& name, const std::string& holder, long long now,
                long long until);
void hand_back_lease(store::Database& db, const std::string& name, const std::string& holder, long long free_at,
                     long long finished_at);
// Every lease this holder has, free at once (held_until = 0: even for a process started next with an
// earlier clock, as tests do with TRAME_CLOCK_OFFSET).
void hand_back_leases(store::Database& db, const std::string& holder);

}  // namespace trame::jobs
