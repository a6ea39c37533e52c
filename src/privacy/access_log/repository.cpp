#include "privacy/access_log/repository.hpp"

#include "platform/audit/reads.hpp"
#include "platform/store/row.hpp"

namespace trame::privacy::access_log {

namespace {

// One WHERE for the page, the count and the export: every filter is bound, an empty one matches all.
// The record matches the subject exactly, its id after "kind:", or a record shown in a list view
// (the detail is " a b c ").
const char* kWhere =
    " FROM audit_log WHERE action IN ('privacy.read.beneficiary', 'privacy.read.adaptation',"
    " 'privacy.read.application', 'privacy.read.report')"
    " AND (:kind = '' OR action = :action)"
    " AND (:reader = '' OR LOWER(actor_label) LIKE :reader_like ESCAPE '\\')"
    " AND (:record = '' OR subject = :record2 OR subject LIKE :record_suffix ESCAPE '\\' OR detail LIKE :record_in "
    "ESCAPE '\\')"
    " AND (:from_t = 0 OR at >= :from_t2) AND (:to_t = 0 OR at < :to_t2)"
    " AND (:before = 0 OR id < :before2)";

struct Bound {
  std::string kind, action, reader, reader_like, record, record_suffix, record_in;
  long long from = 0, to = 0, before = 0;
};

std::string escape_like(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

Bound bind(const Filter& f, long long before) {
  Bound b;
  b.kind = f.kind;
  b.action = std::string(audit::kReadPrefix) + f.kind;
  b.reader = f.reader;
  std::string lower;
  for (char c : f.reader) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  b.reader_like = "%" + escape_like(lower) + "%";
  b.record = f.record;
  b.record_suffix = "%:" + escape_like(f.record);
  b.record_in = "% " + escape_like(f.record) + " %";
  b.from = f.from;
  b.to = f.to;
  b.before = before;
  return b;
}

}  // namespace

std::vector<ReadEntry> Repository::page(soci::session& sql, const Filter& f, long long before, long long offset,
                                        long long limit) {
  Bound b = bind(f, before);
  std::vector<ReadEntry> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT id, at, actor_id, actor_label, action, subject, detail, ip") + kWhere +
                          " ORDER BY id DESC LIMIT :limit OFFSET :offset",
       soci::use(b.kind), soci::use(b.action), soci::use(b.reader), soci::use(b.reader_like), soci::use(b.record),
       soci::use(b.record), soci::use(b.record_suffix), soci::use(b.record_in), soci::use(b.from), soci::use(b.from),
       soci::use(b.to), soci::use(b.to), soci::use(b.before), soci::use(b.before), soci::use(limit), soci::use(offset));
  const std::size_t prefix = std::string(audit::kReadPrefix).size();
  for (const auto& r : rows) {
    ReadEntry e;
    e.id = store::as_id(r, 0);
    e.at = store::as_id(r, 1);
    e.actor_id = store::as_id(r, 2);
    e.actor_label = store::as_text(r, 3);
    std::string action = store::as_text(r, 4);
    e.kind = action.size() > prefix ? action.substr(prefix) : action;
    e.subject = store::as_text(r, 5);
    e.detail = store::as_text(r, 6);
    e.ip = store::as_text(r, 7);
    out.push_back(std::move(e));
  }
  return out;
}

long long Repository::count(soci::session& sql, const Filter& f) {
  Bound b = bind(f, 0);
  long long n = 0;
  sql << std::string("SELECT COUNT(*)") + kWhere, soci::into(n), soci::use(b.kind), soci::use(b.action),
      soci::use(b.reader), soci::use(b.reader_like), soci::use(b.record), soci::use(b.record),
      soci::use(b.record_suffix), soci::use(b.record_in), soci::use(b.from), soci::use(b.from), soci::use(b.to),
      soci::use(b.to), soci::use(b.before), soci::use(b.before);
  return n;
}

}  // namespace trame::privacy::access_log
