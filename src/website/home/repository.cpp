#include "website/home/repository.hpp"

namespace trame::website::home {

namespace {

const char* kColumns = "SELECT id, kind, position, enabled, title, body, items, updated_at FROM website_home_blocks ";

struct Row {
  long long id = 0, position = 0, enabled = 0, items = 0, updated_at = 0;
  std::string kind, title, body;
  Block block() const { return Block{id, kind, position, enabled != 0, title, body, items, updated_at}; }
};

}  // namespace

std::vector<Block> Repository::blocks(soci::session& sql) {
  std::vector<Block> out;
  Row r;
  soci::statement st = (sql.prepare << std::string(kColumns) + "ORDER BY position, id", soci::into(r.id),
                        soci::into(r.kind), soci::into(r.position), soci::into(r.enabled), soci::into(r.title),
                        soci::into(r.body), soci::into(r.items), soci::into(r.updated_at));
  st.execute();
  while (st.fetch()) out.push_back(r.block());
  return out;
}

std::optional<Block> Repository::block(soci::session& sql, const std::string& kind) {
  Row r;
  sql << std::string(kColumns) + "WHERE kind = :kind", soci::use(kind), soci::into(r.id), soci::into(r.kind),
      soci::into(r.position), soci::into(r.enabled), soci::into(r.title), soci::into(r.body), soci::into(r.items),
      soci::into(r.updated_at);
  if (!sql.got_data()) return std::nullopt;
  return r.block();
}

void Repository::set_enabled(soci::session& sql, const std::string& kind, bool enabled, long long now, long long by) {
  long long e = enabled ? 1 : 0;
  sql << "UPDATE website_home_blocks SET enabled = :e, updated_at = :now, updated_by = :by WHERE kind = :kind",
      soci::use(e), soci::use(now), soci::use(by), soci::use(kind);
}

void Repository::set_position(soci::session& sql, const std::string& kind, long long position, long long now,
                              long long by) {
  sql << "UPDATE website_home_blocks SET position = :p, updated_at = :now, updated_by = :by WHERE kind = :kind",
      soci::use(position), soci::use(now), soci::use(by), soci::use(kind);
}

void Repository::save_text(soci::session& sql, const std::string& kind, const std::string& title,
                           const std::string& body, long long items, long long now, long long by) {
  sql << "UPDATE website_home_blocks SET title = :title, body = :body, items = :items, updated_at = :now, "
         "updated_by = :by WHERE kind = :kind",
      soci::use(title), soci::use(body), soci::use(items), soci::use(now), soci::use(by), soci::use(kind);
}

DirectoryCounts Repository::directory_counts(soci::session& sql) {
  DirectoryCounts c;
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN kind = 'social' THEN 1 ELSE 0 END), 0) AS "
         "BIGINT), CAST(COALESCE(SUM(CASE WHEN kind = 'cultural' THEN 1 ELSE 0 END), 0) AS BIGINT) "
         "FROM organisations WHERE public_listing = 1 AND status = 'active'",
      soci::into(c.listed), soci::into(c.social), soci::into(c.cultural);
  return c;
}

long long Repository::sessions_held(soci::session& sql, long long from, long long to) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(DISTINCT h.session_id) AS BIGINT) FROM training_halfdays h "
         "JOIN training_sessions s ON s.id = h.session_id "
         "WHERE s.status <> 'cancelled' AND h.starts_at >= :from AND h.starts_at < :to",
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

long long Repository::trainee_minutes(soci::session& sql, long long from, long long to) {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) FROM training_attendance a "
         "JOIN training_halfdays h ON h.id = a.halfday_id "
         "WHERE a.status = 'present' AND h.starts_at >= :from AND h.starts_at < :to",
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

long long Repository::partner_organisations(soci::session& sql) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE o.status = 'active' AND EXISTS (SELECT 1 FROM "
         "partnerships p WHERE p.status = 'active' AND (p.organisation_id = o.id OR p.partner_id = o.id))",
      soci::into(n);
  return n;
}

long long Repository::events_held(soci::session& sql, long long from, long long to) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_events WHERE status <> 'cancelled' AND ends_at >= :from AND "
         "ends_at < :to",
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

}  // namespace trame::website::home
