#include "website/legal/repository.hpp"

#include "platform/store/row.hpp"

namespace trame::website::legal {

Values Repository::settings_under(soci::session& sql, const std::string& prefix) {
  Values out;
  // The prefixes are this module's own ("website.legal.<page>."): no LIKE wildcard in them.
  const std::string pattern = prefix + "%";
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT key, value FROM settings WHERE key LIKE :p", soci::use(pattern));
  for (const auto& r : rows) {
    auto key = store::as_text(r, 0);
    if (key.rfind(prefix, 0) != 0) continue;
    out[key.substr(prefix.size())] = store::as_text(r, 1);
  }
  return out;
}

Values Repository::all_settings(soci::session& sql) {
  return settings_under(sql, "website.legal.");
}

}  // namespace trame::website::legal
