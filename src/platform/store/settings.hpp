// The settings table: a few values an administrator or coordinator changes (targets, rules).
#pragma once
#include <string>

#include <soci/soci.h>

namespace trame::store {

// The value, or "" when the key is absent.
std::string setting(soci::session& sql, const std::string& key);
// The value as an integer, or the fallback when absent or not a number.
long long setting_int(soci::session& sql, const std::string& key, long long fallback);
void set_setting(soci::session& sql, const std::string& key, const std::string& value);

}  // namespace trame::store
