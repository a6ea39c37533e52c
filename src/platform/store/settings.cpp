#include "platform/store/settings.hpp"

#include <charconv>

#include "platform/store/prepared.hpp"

namespace trame::store {

std::string setting(soci::session& sql, const std::string& key) {
  std::string value;
  soci::indicator ind = soci::i_null;
  bool found =
      prepared(sql, "SELECT value FROM settings WHERE key = :k", soci::use(key), soci::into(value, ind)).got_data;
  return found && ind == soci::i_ok ? value : std::string();
}

long long setting_int(soci::session& sql, const std::string& key, long long fallback) {
  std::string value = setting(sql, key);
  long long n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  return value.empty() || ec != std::errc() || end != value.data() + value.size() ? fallback : n;
}

void set_setting(soci::session& sql, const std::string& key, const std::string& value) {
  sql << "INSERT INTO settings (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      soci::use(key), soci::use(value);
}

}  // namespace trame::store
