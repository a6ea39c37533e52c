#include "trainings/funder_files/repository.hpp"

namespace trame::funder_files {

namespace {
const char* kLines =
    "SELECT f.application_id, u.name, a.status, f.funder, f.funder_name, f.amount_cents, f.due_cents, f.status "
    "FROM training_funding_lines f JOIN training_applications a ON a.id = f.application_id "
    "JOIN users u ON u.id = a.user_id WHERE a.session_id = :s AND f.status <> 'refused' "
    "AND a.status IN ('admitted', 'confirmed', 'completed', 'dropped_out') ";
}  // namespace

std::vector<FunderLine> Repository::lines(soci::session& sql, long long session_id) {
  std::vector<FunderLine> out;
  FunderLine l;
  soci::statement st =
      (sql.prepare << std::string(kLines) + "ORDER BY u.name, a.id, f.funder, f.id", soci::into(l.application_id),
       soci::into(l.trainee_name), soci::into(l.application_status), soci::into(l.funder), soci::into(l.funder_name),
       soci::into(l.amount_cents), soci::into(l.due_cents), soci::into(l.line_status), soci::use(session_id));
  st.execute();
  while (st.fetch()) {
    if (!out.empty() && out.back().application_id == l.application_id && out.back().funder == l.funder) {
      auto& last = out.back();
      last.amount_cents += l.amount_cents;
      last.due_cents += l.due_cents;
      if (last.funder_name.empty()) last.funder_name = l.funder_name;
      continue;
    }
    out.push_back(l);
  }
  return out;
}

std::vector<FunderLine> Repository::trainees(soci::session& sql, long long session_id) {
  std::vector<FunderLine> out;
  FunderLine l;
  soci::statement st = (sql.prepare << "SELECT a.id, u.name, a.status FROM training_applications a "
                                       "JOIN users u ON u.id = a.user_id WHERE a.session_id = :s "
                                       "AND a.status IN ('admitted', 'confirmed', 'completed', 'dropped_out') "
                                       "ORDER BY u.name, a.id",
                        soci::into(l.application_id), soci::into(l.trainee_name), soci::into(l.application_status),
                        soci::use(session_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

}  // namespace trame::funder_files
