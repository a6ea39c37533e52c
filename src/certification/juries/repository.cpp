#include "certification/juries/repository.hpp"

namespace trame::juries {

namespace {

const char* kMemberSelect =
    "SELECT m.id, m.session_id, m.user_id, u.name, u.email, m.kind, m.chair FROM certification_jury_members m "
    "JOIN users u ON u.id = m.user_id ";

struct MemberRow {
  Member m;
  int chair = 0;
};

#define TRAME_MEMBER_INTO(r)                                                                             \
  soci::into((r).m.id), soci::into((r).m.session_id), soci::into((r).m.user_id), soci::into((r).m.name), \
      soci::into((r).m.email), soci::into((r).m.kind), soci::into((r).chair)

const char* kGridSelect =
    "SELECT g.id, g.entry_id, g.juror_id, u.name, g.status, g.submitted_at, g.reopened_at, g.reopened_reason "
    "FROM certification_grids g JOIN users u ON u.id = g.juror_id ";

#define TRAME_GRID_INTO(g)                                                                            \
  soci::into((g).id), soci::into((g).entry_id), soci::into((g).juror_id), soci::into((g).juror_name), \
      soci::into((g).status), soci::into((g).submitted_at), soci::into((g).reopened_at),              \
      soci::into((g).reopened_reason)

void load_marks(soci::session& sql, Grid& g) {
  Mark m;
  soci::statement st = (sql.prepare << "SELECT criterion_id, mark, comment FROM certification_grid_marks WHERE "
                                       "grid_id = :g ORDER BY criterion_id",
                        soci::into(m.criterion_id), soci::into(m.mark), soci::into(m.comment), soci::use(g.id));
  st.execute();
  while (st.fetch()) g.marks.push_back(m);
}

std::vector<Member> fetch_members(soci::session& sql, const std::string& where, long long id) {
  MemberRow r;
  soci::statement st = (sql.prepare << std::string(kMemberSelect) + where, TRAME_MEMBER_INTO(r), soci::use(id));
  st.execute();
  std::vector<Member> out;
  while (st.fetch()) {
    r.m.chair = r.chair != 0;
    out.push_back(r.m);
  }
  return out;
}

long long count(soci::session& sql, const std::string& query, long long a, long long b) {
  long long n = 0;
  sql << query, soci::into(n), soci::use(a), soci::use(b);
  return n;
}

}  // namespace

std::vector<Member> Repository::members(soci::session& sql, long long session_id) const {
  return fetch_members(sql, "WHERE m.session_id = :s ORDER BY m.chair DESC, u.name, m.id", session_id);
}

std::optional<Member> Repository::member(soci::session& sql, long long id) const {
  auto list = fetch_members(sql, "WHERE m.id = :id", id);
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::optional<Member> Repository::member_of(soci::session& sql, long long session_id, long long user_id) const {
  for (auto& m : members(sql, session_id))
    if (m.user_id == user_id) return m;
  return std::nullopt;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e) AND disabled = 0", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

long long Repository::insert_member(soci::session& sql, const Member& m, long long now) const {
  long long id = 0;
  int chair = m.chair ? 1 : 0;
  sql << "INSERT INTO certification_jury_members (session_id, user_id, kind, chair, created_at) VALUES (:s, :u, :k, "
         ":c, :n) RETURNING id",
      soci::use(m.session_id), soci::use(m.user_id), soci::use(m.kind), soci::use(chair), soci::use(now),
      soci::into(id);
  return id;
}

void Repository::delete_member(soci::session& sql, long long id) const {
  sql << "DELETE FROM certification_jury_members WHERE id = :id", soci::use(id);
}

void Repository::set_chair(soci::session& sql, long long session_id, long long member_id) const {
  sql << "UPDATE certification_jury_members SET chair = 0 WHERE session_id = :s", soci::use(session_id);
  sql << "UPDATE certification_jury_members SET chair = 1 WHERE id = :id AND session_id = :s", soci::use(member_id),
      soci::use(session_id);
}

void Repository::set_jury_validated(soci::session& sql, long long session_id, long long at) const {
  sql << "UPDATE certification_sessions SET jury_validated_at = :a WHERE id = :s", soci::use(at), soci::use(session_id);
}

long long Repository::jury_validated_at(soci::session& sql, long long session_id) const {
  long long at = 0;
  sql << "SELECT jury_validated_at FROM certification_sessions WHERE id = :s", soci::into(at), soci::use(session_id);
  return at;
}

std::vector<Conflict> Repository::conflicts(soci::session& sql, long long registration_id, long long user_id) const {
  std::vector<Conflict> out;
  long long candidate = 0;
  sql << "SELECT user_id FROM certification_registrations WHERE id = :r", soci::into(candidate),
      soci::use(registration_id);
  if (!sql.got_data()) return out;
  // The candidate themself: never a grader of their own case.
  if (candidate == user_id) out.push_back(Conflict{registration_id, user_id, "self", ""});
  const char* followed = "a.status IN ('admitted','confirmed','completed','dropped_out')";
  // Trained: trainer of a session the candidate followed, or training staff of its organiser.
  long long trained =
      count(sql,
            std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN training_session_trainers t "
                        "ON t.session_id = a.session_id WHERE a.user_id = :c AND t.user_id = :p AND ") +
                followed,
            candidate, user_id) +
      count(sql,
            std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN training_sessions s ON s.id "
                        "= a.session_id JOIN training_programmes p ON p.id = s.programme_id JOIN memberships m ON "
                        "m.organisation_id = p.organiser_id AND m.role = 'training_staff' WHERE a.user_id = :c AND "
                        "m.user_id = :p AND ") +
                followed,
            candidate, user_id);
  if (trained) out.push_back(Conflict{registration_id, user_id, "trained", ""});
  // Coached: wrote a follow-up note about the candidate.
  if (count(sql,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followups f JOIN training_applications a ON a.id = "
            "f.application_id WHERE a.user_id = :c AND f.trainer_id = :p",
            candidate, user_id))
    out.push_back(Conflict{registration_id, user_id, "coached", ""});
  // Employs: belongs to an organisation the candidate belongs to, or named as employer in an application.
  long long employs =
      count(sql,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM memberships mc JOIN memberships mp ON mp.organisation_id = "
            "mc.organisation_id WHERE mc.user_id = :c AND mp.user_id = :p",
            candidate, user_id) +
      count(sql,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN memberships mp ON mp.organisation_id = "
            "a.organisation_id WHERE a.user_id = :c AND mp.user_id = :p",
            candidate, user_id);
  if (employs) out.push_back(Conflict{registration_id, user_id, "employs", ""});
  std::string reason;
  sql << "SELECT reason FROM certification_declared_conflicts WHERE registration_id = :r AND user_id = :u",
      soci::into(reason), soci::use(registration_id), soci::use(user_id);
  if (sql.got_data()) out.push_back(Conflict{registration_id, user_id, "declared", reason});
  return out;
}

void Repository::declare_conflict(soci::session& sql, long long registration_id, long long user_id,
                                  const std::string& reason, long long by, long long now) const {
  sql << "INSERT INTO certification_declared_conflicts (registration_id, user_id, reason, declared_by, created_at) "
         "VALUES (:r, :u, :re, :b, :n)",
      soci::use(registration_id), soci::use(user_id), soci::use(reason), soci::use(by), soci::use(now);
}

std::optional<Grid> Repository::grid(soci::session& sql, long long id) const {
  Grid g;
  sql << std::string(kGridSelect) + "WHERE g.id = :id", TRAME_GRID_INTO(g), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  load_marks(sql, g);
  return g;
}

std::optional<Grid> Repository::grid_of(soci::session& sql, long long entry_id, long long juror_id) const {
  Grid g;
  sql << std::string(kGridSelect) + "WHERE g.entry_id = :e AND g.juror_id = :j", TRAME_GRID_INTO(g),
      soci::use(entry_id), soci::use(juror_id);
  if (!sql.got_data()) return std::nullopt;
  load_marks(sql, g);
  return g;
}

std::vector<Grid> Repository::grids(soci::session& sql, long long entry_id) const {
  Grid g;
  soci::statement st = (sql.prepare << std::string(kGridSelect) + "WHERE g.entry_id = :e ORDER BY u.name, g.id",
                        TRAME_GRID_INTO(g), soci::use(entry_id));
  st.execute();
  std::vector<Grid> out;
  while (st.fetch()) out.push_back(g);
  for (auto& grid : out) load_marks(sql, grid);
  return out;
}

long long Repository::insert_grid(soci::session& sql, long long entry_id, long long juror_id, long long now) const {
  long long id = 0;
  sql << "INSERT INTO certification_grids (entry_id, juror_id, status, updated_at) VALUES (:e, :j, 'draft', :n) "
         "RETURNING id",
      soci::use(entry_id), soci::use(juror_id), soci::use(now), soci::into(id);
  return id;
}

void Repository::save_marks(soci::session& sql, long long grid_id, const std::vector<Mark>& marks,
                            long long now) const {
  sql << "DELETE FROM certification_grid_marks WHERE grid_id = :g", soci::use(grid_id);
  for (const auto& m : marks)
    sql << "INSERT INTO certification_grid_marks (grid_id, criterion_id, mark, comment) VALUES (:g, :c, :m, :t)",
        soci::use(grid_id), soci::use(m.criterion_id), soci::use(m.mark), soci::use(m.comment);
  sql << "UPDATE certification_grids SET updated_at = :n WHERE id = :g", soci::use(now), soci::use(grid_id);
}

bool Repository::submit(soci::session& sql, long long grid_id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE certification_grids SET status = 'submitted', submitted_at = :n, "
                                       "updated_at = :n2 WHERE id = :g AND status = 'draft'",
                        soci::use(now), soci::use(now), soci::use(grid_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool Repository::reopen(soci::session& sql, long long grid_id, const std::string& reason, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE certification_grids SET status = 'draft', reopened_at = :n, "
                                       "reopened_reason = :r, updated_at = :n2 WHERE id = :g AND status = 'submitted'",
                        soci::use(now), soci::use(reason), soci::use(now), soci::use(grid_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<AcquiredBlock> Repository::acquired(soci::session& sql, long long registration_id,
                                                long long entry_id) const {
  // A registration keeps its version, so its blocks are the same rows in every session. Only the
  // entries made before this one count: a later session does not change what an earlier one decided.
  AcquiredBlock a;
  soci::statement st =
      (sql.prepare << "SELECT d.block_id, s.title, d.decided_at FROM certification_block_decisions d JOIN "
                      "certification_entries e ON e.id = d.entry_id JOIN certification_sessions s ON s.id = "
                      "e.session_id JOIN certification_minutes m ON m.session_id = s.id AND m.locked_at > 0 "
                      "WHERE e.registration_id = :r AND e.id < :e AND d.validated = 1 AND EXISTS (SELECT 1 FROM "
                      "certification_entries ce JOIN certification_sessions cs ON cs.id = ce.session_id JOIN "
                      "certification_registrations cr ON cr.id = ce.registration_id JOIN certification_versions cv ON "
                      "cv.id = cr.version_id WHERE ce.id = :e2 AND (cv.validity_end = '' OR cs.day <= "
                      "cv.validity_end)) ORDER BY d.decided_at, d.block_id",
       soci::into(a.block_id), soci::into(a.session_title), soci::into(a.decided_at), soci::use(registration_id),
       soci::use(entry_id), soci::use(entry_id));
  st.execute();
  std::vector<AcquiredBlock> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

std::vector<long long> Repository::acquired_blocks(soci::session& sql, long long registration_id,
                                                   long long entry_id) const {
  std::vector<long long> out;
  for (const auto& a : acquired(sql, registration_id, entry_id)) out.push_back(a.block_id);
  return out;
}

bool Repository::minutes_made(soci::session& sql, long long session_id) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_minutes WHERE session_id = :s AND :z = 0",
               session_id, 0) > 0;
}

std::vector<long long> Repository::sessions_of(soci::session& sql, long long user_id) const {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT m.session_id FROM certification_jury_members m JOIN "
                                       "certification_sessions s ON s.id = m.session_id WHERE m.user_id = :u ORDER BY "
                                       "s.day DESC, s.id DESC LIMIT 50",
                        soci::into(id), soci::use(user_id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

}  // namespace trame::juries
