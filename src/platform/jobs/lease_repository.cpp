// The SQL of job leases (jobs::take_lease and jobs::hand_back_lease, declared in scheduler.hpp).
#include "platform/jobs/scheduler.hpp"

namespace trame::jobs {

bool take_lease(store::Database& db, const std::string& name, const std::string& holder, long long now,
                long long until) {
  return db.write([&](soci::session& sql) {
    // One statement on both engines: a new row, or the existing one only if its lease ran out. The
    // row is locked by the upsert, so two instances racing for it cannot both succeed.
    soci::statement st =
        (sql.prepare << "INSERT INTO job_leases (name, holder, held_until, runs, started_at, finished_at) "
                        "VALUES (:n, :h, :u, 1, :s, 0) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                        "held_until = excluded.held_until, runs = job_leases.runs + 1, "
                        "started_at = excluded.started_at WHERE job_leases.held_until <= :now",
         soci::use(name), soci::use(holder), soci::use(until), soci::use(now), soci::use(now));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

void hand_back_lease(store::Database& db, const std::string& name, const std::string& holder, long long free_at,
                     long long finished_at) {
  db.write([&](soci::session& sql) {
    sql << "UPDATE job_leases SET held_until = :u, finished_at = :f WHERE name = :n AND holder = :h",
        soci::use(free_at), soci::use(finished_at), soci::use(name), soci::use(holder);
  });
}

void hand_back_leases(store::Database& db, const std::string& holder) {
  db.write([&](soci::session& sql) {
    sql << "UPDATE job_leases SET held_until = 0 WHERE holder = :h AND held_until > 0", soci::use(holder);
  });
}

}  // namespace trame::jobs
