#include "network/directory_import/repository.hpp"

namespace trame::directory_import {

long long Repository::insert(soci::session& sql, const Batch& b) {
  long long id = 0;
  sql << "INSERT INTO import_batches (token, user_id, file_name, content, created_at, status) "
         "VALUES (:t, :u, :f, :c, :a, 'pending') RETURNING id",
      soci::use(b.token), soci::use(b.user_id), soci::use(b.file_name), soci::use(b.content), soci::use(b.created_at),
      soci::into(id);
  return id;
}

std::optional<Batch> Repository::find(soci::session& sql, const std::string& token) {
  Batch b;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT id, token, user_id, file_name, content, created_at, status, imported_at, imported_count "
         "FROM import_batches WHERE token = :t",
      soci::use(token), soci::into(b.id, ind), soci::into(b.token), soci::into(b.user_id), soci::into(b.file_name),
      soci::into(b.content), soci::into(b.created_at), soci::into(b.status), soci::into(b.imported_at),
      soci::into(b.imported_count);
  if (!sql.got_data()) return std::nullopt;
  return b;
}

bool Repository::mark_imported(soci::session& sql, long long id, long long count, long long at) {
  soci::statement st = (sql.prepare << "UPDATE import_batches SET status = 'imported', imported_at = :a, "
                                       "imported_count = :n WHERE id = :id AND status = 'pending'",
                        soci::use(at), soci::use(count), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace trame::directory_import
