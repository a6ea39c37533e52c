#include "platform/store/bytes.hpp"

#include <soci/sqlite3/soci-sqlite3.h>
#include <sodium.h>

#include <stdexcept>

namespace trame::store {

// SOCI declares SQLite's API inside namespace sqlite_api.
using namespace sqlite_api;

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 0x0f];
  }
  return out;
}

namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool hex_to_bytes(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  out.resize(hex.size() / 2);
  for (std::size_t i = 0; i != out.size(); ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return true;
}

bool base64_to_bytes(std::string_view text, std::string& out) {
  // Standard base64 with padding (what Trame stored before 0020); line breaks and spaces are
  // skipped, like PostgreSQL's decode(..., 'base64').
  out.resize(text.size() / 4 * 3 + 3);
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n\t",
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  out.resize(len);
  return true;
}

std::string_view argument_bytes(sqlite3_value* v) {
  // sqlite3_value_blob first, then _bytes (SQLite's documented order): text arrives as its bytes.
  const void* data = sqlite3_value_blob(v);
  int size = sqlite3_value_bytes(v);
  return data ? std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string_view();
}

void sql_decode(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string_view input = argument_bytes(argv[0]);
  std::string_view format(reinterpret_cast<const char*>(sqlite3_value_text(argv[1])),
                          static_cast<std::size_t>(sqlite3_value_bytes(argv[1])));
  std::string out;
  bool ok = false;
  if (format == "hex") {
    ok = hex_to_bytes(input, out);
  } else if (format == "base64") {
    ok = base64_to_bytes(input, out);
  } else {
    sqlite3_result_error(ctx, "decode: unknown format (hex or base64)", -1);
    return;
  }
  if (!ok) {
    sqlite3_result_error(ctx, format == "hex" ? "decode: invalid hex" : "decode: invalid base64", -1);
    return;
  }
  sqlite3_result_blob64(ctx, out.data(), out.size(), SQLITE_TRANSIENT);
}

void sql_encode(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string_view format(reinterpret_cast<const char*>(sqlite3_value_text(argv[1])),
                          static_cast<std::size_t>(sqlite3_value_bytes(argv[1])));
  if (format != "hex") {
    sqlite3_result_error(ctx, "encode: unknown format (hex)", -1);
    return;
  }
  std::string out = to_hex(argument_bytes(argv[0]));
  sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string from_hex(std::string_view hex) {
  std::string out;
  if (!hex_to_bytes(hex, out)) throw std::runtime_error("bytes from the database: invalid hex");
  return out;
}

void register_sql_functions(soci::session& sql) {
  if (sql.get_backend_name() != "sqlite3") return;
  sqlite3* conn = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  if (sqlite3_create_function_v2(conn, "decode", 2, flags, nullptr, sql_decode, nullptr, nullptr, nullptr) !=
          SQLITE_OK ||
      sqlite3_create_function_v2(conn, "encode", 2, flags, nullptr, sql_encode, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error("SQLite: cannot define decode/encode");
}

}  // namespace trame::store
