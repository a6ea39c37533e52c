// Statements prepared once per pooled connection and run again with new values: for the queries of
// the busiest paths (a booking, a page's session), where compiling the SQL costs more than running it.
//
//   if (!store::prepared(sql, "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(id)).got_data)
//     return std::nullopt;
//
// Runs the statement like `sql << text, elements...` does and says whether a row was read and how
// many rows a change touched. The text must be a constant (it is the cache key; a query built with
// values or id lists would fill the cache): such queries keep using `sql << ...`. Only single-row
// intos and uses are supported. After each run the statement is unbound and reset, so that it
// holds no read snapshot or lock between runs. Connections come from store::Database's pool, which
// registers them (and forgets their statements before closing them).
#pragma once
#include <string>

#include <soci/soci.h>

namespace trame::store {

struct Ran {
  bool got_data = false;   // a SELECT read a row
  long long affected = 0;  // rows an INSERT/UPDATE/DELETE touched
};

namespace detail {
struct Cached {
  soci::statement& statement;
  bool sqlite;
};
// The prepared statement for this text on this connection (prepared on first use).
Cached cached_statement(soci::session& sql, const std::string& text);
// Unbinds and resets after a run, successful or not.
void release_statement(const Cached& cached) noexcept;

// The cached statement bound to this run's elements, released when it goes out of scope.
class Bound {
 public:
  template <class... Elements>
  Bound(soci::session& sql, const std::string& text, Elements&&... elements) : cached_(cached_statement(sql, text)) {
    try {
      (cached_.statement.exchange(std::forward<Elements>(elements)), ...);
      cached_.statement.define_and_bind();
    } catch (...) {
      release_statement(cached_);
      throw;
    }
  }
  ~Bound() { release_statement(cached_); }
  Bound(const Bound&) = delete;
  Bound& operator=(const Bound&) = delete;
  soci::statement* operator->() { return &cached_.statement; }

 private:
  Cached cached_;
};
}  // namespace detail

template <class... Elements>
Ran prepared(soci::session& sql, const std::string& text, Elements&&... elements) {
  detail::Bound st(sql, text, std::forward<Elements>(elements)...);
  Ran ran;
  ran.got_data = st->execute(true);
  ran.affected = st->get_affected_rows();
  return ran;
}

// The same for a SELECT of several rows: on_row() is called after each row is read into the intos.
template <class OnRow, class... Elements>
void prepared_rows(soci::session& sql, const std::string& text, OnRow&& on_row, Elements&&... elements) {
  detail::Bound st(sql, text, std::forward<Elements>(elements)...);
  if (!st->execute(true)) return;
  do on_row();
  while (st->fetch());
}

// A pooled connection's statement cache: made when the pool opens it, emptied before it closes.
void register_connection(soci::session& pooled);
void forget_connection(soci::session& pooled);

}  // namespace trame::store
