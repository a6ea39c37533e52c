#include "privacy/access_log/service.hpp"

#include <algorithm>

#include "platform/audit/reads.hpp"
#include "platform/core/calendar.hpp"

namespace trame::privacy::access_log {

const std::vector<std::string>& read_kinds() {
  static const std::vector<std::string> kinds = {audit::kReadBeneficiary, audit::kReadAdaptation,
                                                 audit::kReadApplication, audit::kReadReport};
  return kinds;
}

namespace {
std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}
Outcome invalid(const std::string& key, const std::string& field) {
  return Outcome::failure(key, field);
}
}  // namespace

Outcome parse_filter(const FilterInput& in, Filter& out) {
  Filter f;
  f.reader = trimmed(in.reader);
  f.kind = trimmed(in.kind);
  f.record = trimmed(in.record);
  if (f.reader.size() > 200) return invalid("access_log.errors.reader", "reader");
  if (f.record.size() > 100 || f.record.find(' ') != std::string::npos)
    return invalid("access_log.errors.record", "record");
  if (!f.kind.empty() && std::find(read_kinds().begin(), read_kinds().end(), f.kind) == read_kinds().end())
    return invalid("access_log.errors.kind", "kind");
  const std::string from = trimmed(in.from), to = trimmed(in.to);
  if (!from.empty()) {
    auto d = parse_date(from);
    if (!d) return invalid("access_log.errors.from", "from");
    f.from = day_start(*d);
  }
  if (!to.empty()) {
    auto d = parse_date(to);
    if (!d) return invalid("access_log.errors.to", "to");
    f.to = next_day_start(*d);
  }
  if (f.from && f.to && f.to <= f.from) return invalid("access_log.errors.period", "to");
  out = f;
  return {};
}

std::vector<ReadEntry> Service::page(const Filter& f, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, f);
    return repo_.page(sql, f, 0, (page - 1) * per_page, per_page);
  });
}

std::vector<ReadEntry> Service::slice(const Filter& f, long long before, long long limit) {
  return db_.read([&](soci::session& sql) { return repo_.page(sql, f, before, 0, limit); });
}

void Service::audit_export(const Actor& actor, const FilterInput& in) {
  audit_.record(
      actor, "export", "privacy.reads",
      "reader=" + in.reader + " kind=" + in.kind + " record=" + in.record + " from=" + in.from + " to=" + in.to);
}

}  // namespace trame::privacy::access_log
