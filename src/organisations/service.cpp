#include "organisations/service.hpp"

#include <algorithm>

namespace trame::organisations {

namespace {
std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}
}  // namespace

Outcome Service::validate(const std::string& name, const std::string& kind) {
  if (name.empty()) return Outcome::failure("organisations.errors.name_required", "name");
  if (name.size() > 200) return Outcome::failure("organisations.errors.name_too_long", "name");
  const auto& k = kinds();
  if (std::find(k.begin(), k.end(), kind) == k.end()) return Outcome::failure("organisations.errors.kind", "kind");
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const std::string& raw_name, const std::string& kind) {
  std::string name = trimmed(raw_name);
  if (auto v = validate(name, kind); !v.ok) return v;
  return db_.write([&](soci::session& sql) {
    if (repo_.find_by_name(sql, name)) return Outcome::failure("organisations.errors.duplicate", "name");
    Organisation o;
    o.name = name;
    o.kind = kind;
    o.created_at = store::now_seconds();
    long long id = repo_.insert(sql, o);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "organisation.created", "organisation:" + std::to_string(id), name + " (" + kind + ")");
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, long long id, const std::string& raw_name, const std::string& kind,
                        const std::string& status) {
  std::string name = trimmed(raw_name);
  if (auto v = validate(name, kind); !v.ok) return v;
  if (status != "active" && status != "archived") return Outcome::failure("organisations.errors.status", "status");
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::failure("errors.404.message");
    if (auto other = repo_.find_by_name(sql, name); other && other->id != id)
      return Outcome::failure("organisations.errors.duplicate", "name");
    Organisation o = *current;
    o.name = name;
    o.kind = kind;
    o.status = status;
    repo_.update(sql, o);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "organisation.updated", "organisation:" + std::to_string(id), name + " (" + kind + ", " + status + ")");
    return Outcome::success(id);
  });
}

std::optional<Organisation> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

std::vector<Organisation> Service::page(const std::string& query, long long page, long long per_page,
                                        long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, query);
    return repo_.page(sql, query, (page - 1) * per_page, per_page);
  });
}

std::vector<Member> Service::members(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.members(sql, id); });
}

std::vector<Organisation> Service::all_active() {
  return db_.read([&](soci::session& sql) { return repo_.all_active(sql); });
}

}  // namespace trame::organisations
