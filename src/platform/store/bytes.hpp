// Files and other binary values in the database: raw bytes in a BLOB column (SQLite) or a BYTEA
// column (PostgreSQL), never base64 text. In C++ they are a std::string of bytes.
//
// They travel between Trame and the engine as hex text, the one form both engines convert in SQL
// and that no driver mangles: SOCI sends every parameter as text on PostgreSQL (a NUL byte cannot
// travel there) and its soci::blob means large objects (OIDs) on PostgreSQL, not BYTEA. The same
// SQL runs on both engines:
//   write: INSERT ... VALUES (decode(:data, 'hex'))   with soci::use(hex), hex = store::to_hex(bytes)
//   read:  SELECT encode(data, 'hex') ...             into a string, then store::from_hex(it)
// (bind a named local: soci::use keeps a reference). PostgreSQL has decode/encode built in; on
// SQLite, register_sql_functions (run by Database on every connection) adds the same two
// functions; its decode also reads 'base64', for migration 0020 (base64 TEXT to BLOB).
#pragma once
#include <string>
#include <string_view>

#include <soci/soci.h>

namespace trame::store {

// Lowercase hex of the bytes (two characters per byte).
std::string to_hex(std::string_view bytes);
// The bytes of a hex text as the database returns it (either case). Throws std::runtime_error on
// anything else (an odd length or a non-hex character).
std::string from_hex(std::string_view hex);

// On an SQLite session: defines decode(text, 'hex' | 'base64') -> blob and encode(blob, 'hex') ->
// text as PostgreSQL has them (NULL gives NULL; malformed input is an SQL error). No effect on
// PostgreSQL.
void register_sql_functions(soci::session& sql);

}  // namespace trame::store
