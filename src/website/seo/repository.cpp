#include "website/seo/repository.hpp"

#include <string>

#include "platform/store/row.hpp"

namespace trame::website::seo {

namespace {

std::vector<Published> read_published(soci::session& sql, const std::string& query) {
  std::vector<Published> out;
  soci::rowset<soci::row> rows = sql.prepare << query;
  for (const auto& r : rows) out.push_back({store::as_id(r, 0), store::as_id(r, 1)});
  return out;
}

}  // namespace

std::vector<Published> Repository::published_programmes(soci::session& sql) {
  return read_published(sql, "SELECT id, updated_at FROM training_programmes WHERE status = 'published' ORDER BY id");
}

std::vector<Published> Repository::public_sessions(soci::session& sql) {
  return read_published(sql,
                        "SELECT s.id, s.updated_at FROM training_sessions s "
                        "JOIN training_programmes p ON p.id = s.programme_id "
                        "WHERE p.status = 'published' AND s.status <> 'cancelled' ORDER BY s.id");
}

std::vector<Published> Repository::published_certifications(soci::session& sql) {
  return read_published(sql, "SELECT id, updated_at FROM certifications WHERE status = 'published' ORDER BY id");
}

}  // namespace trame::website::seo
