// Reading a value of a dynamic soci::row whatever type the engine reports for it (SQLite and
// PostgreSQL disagree on INTEGER/BIGINT/DOUBLE columns and on aggregates): NULL gives 0, "" or nullopt.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include <soci/soci.h>

namespace trame::store {

long long as_id(const soci::row& r, std::size_t i);
std::optional<double> as_double(const soci::row& r, std::size_t i);
std::string as_text(const soci::row& r, std::size_t i);

}  // namespace trame::store
