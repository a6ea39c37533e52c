#include "network/branches/service.hpp"

#include <algorithm>
#include <cctype>

namespace trame::branches {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// 01…95, 2A, 2B, 971…976.
bool departement_code(const std::string& c) {
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isdigit(ch); });
  };
  if (c == "2A" || c == "2B") return true;
  if (c.size() == 2) return digits(c) && c != "00" && c != "20";
  return c.size() == 3 && digits(c) && c.rfind("97", 0) == 0;
}

}  // namespace

organisations::Scope Service::scope(const Principal& me) {
  return db_.read(
      [&](soci::session& sql) { return organisations::network_scope(sql, me, perm::organisations_manage); });
}

bool Service::sees(const organisations::Scope& scope, long long branch_id) {
  return scope.everywhere || std::find(scope.branches.begin(), scope.branches.end(), branch_id) != scope.branches.end();
}

std::vector<Branch> Service::list(const organisations::Scope& scope, long long page, long long per_page,
                                  long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, scope.everywhere, scope.branches);
    return repo_.page(sql, scope.everywhere, scope.branches, (std::max(1LL, page) - 1) * per_page, per_page);
  });
}

std::optional<Branch> Service::find(const organisations::Scope& scope, long long id) {
  if (!sees(scope, id)) return std::nullopt;
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

std::vector<Member> Service::members(long long branch_id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_members(sql, branch_id);
    return repo_.members(sql, branch_id, (std::max(1LL, page) - 1) * per_page, per_page);
  });
}

std::vector<Member> Service::unplaced() {
  return db_.read([&](soci::session& sql) { return repo_.unplaced(sql, 500); });
}

std::vector<Coordinator> Service::coordinators(long long branch_id) {
  return db_.read([&](soci::session& sql) { return repo_.coordinators(sql, branch_id); });
}

Outcome Service::check(soci::session& sql, const BranchInput& in, long long id) {
  if (in.name.empty() || in.name.size() > 120) return Outcome::failure("branches.errors.name", "name");
  long long same = repo_.id_by_name(sql, in.name);
  if (same != 0 && same != id) return Outcome::failure("branches.errors.duplicate", "name");
  if (!departement_code(in.departement_code)) return Outcome::failure("branches.errors.departement", "departement");
  if (in.school_zone != "A" && in.school_zone != "B" && in.school_zone != "C")
    return Outcome::failure("branches.errors.zone", "zone");
  if (in.status != "active" && in.status != "closed") return Outcome::failure("branches.errors.status", "status");
  long long ignored = 0;
  if (in.organisation_id != 0 && !repo_.organisation(sql, in.organisation_id, ignored))
    return Outcome::failure("branches.errors.organisation", "organisation");
  return Outcome::success(id);
}

Outcome Service::create(const Actor& actor, const organisations::Scope& scope, const BranchInput& raw) {
  if (!head_office(scope)) return Outcome::forbidden();
  BranchInput in = raw;
  in.name = trim(in.name);
  in.departement_code = trim(in.departement_code);
  return db_.write([&](soci::session& sql) {
    auto checked = check(sql, in, 0);
    if (!checked.ok) return checked;
    long long id = repo_.insert(sql, in, store::now_seconds());
    audit_.record(sql, actor, "branch.created", "branch:" + std::to_string(id), in.name);
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, const organisations::Scope& scope, long long id, const BranchInput& raw) {
  if (!sees(scope, id)) return Outcome::not_found();
  if (!head_office(scope)) return Outcome::forbidden();
  BranchInput in = raw;
  in.name = trim(in.name);
  in.departement_code = trim(in.departement_code);
  return db_.write([&](soci::session& sql) {
    if (!repo_.find(sql, id)) return Outcome::not_found();
    auto checked = check(sql, in, id);
    if (!checked.ok) return checked;
    repo_.update(sql, id, in, store::now_seconds());
    audit_.record(sql, actor, "branch.updated", "branch:" + std::to_string(id), in.name);
    return Outcome::success(id);
  });
}

Outcome Service::place(const Actor& actor, const organisations::Scope& scope, long long branch_id,
                       long long organisation_id, bool in) {
  if (!sees(scope, branch_id)) return Outcome::not_found();
  if (!head_office(scope)) return Outcome::forbidden();
  return db_.write([&](soci::session& sql) {
    auto b = repo_.find(sql, branch_id);
    if (!b) return Outcome::not_found();
    long long current = 0;
    if (!repo_.organisation(sql, organisation_id, current))
      return Outcome::failure("branches.errors.organisation", "organisation");
    if (in && current != 0)
      return Outcome::conflict(current == branch_id ? "branches.errors.already_here" : "branches.errors.elsewhere",
                               "organisation");
    if (!in && current != branch_id) return Outcome::conflict("branches.errors.not_here", "organisation");
    if (repo_.move_organisation(sql, organisation_id, in ? 0 : branch_id, in ? branch_id : 0) != 1)
      return Outcome::conflict("branches.errors.elsewhere", "organisation");
    audit_.record(sql, actor, in ? "branch.organisation_added" : "branch.organisation_removed",
                  "organisation:" + std::to_string(organisation_id), b->name);
    return Outcome::success(branch_id);
  });
}

Outcome Service::assign(const Actor& actor, const organisations::Scope& scope, long long branch_id,
                        long long membership_id, bool in) {
  if (!sees(scope, branch_id)) return Outcome::not_found();
  if (!head_office(scope)) return Outcome::forbidden();
  return db_.write([&](soci::session& sql) {
    auto b = repo_.find(sql, branch_id);
    if (!b) return Outcome::not_found();
    auto current = repo_.coordinator_branch(sql, membership_id);
    if (!current) return Outcome::failure("branches.errors.membership", "membership");
    if (in && *current != 0) return Outcome::conflict("branches.errors.coordinator_elsewhere", "membership");
    if (!in && *current != branch_id) return Outcome::conflict("branches.errors.coordinator_not_here", "membership");
    if (repo_.move_coordinator(sql, membership_id, in ? 0 : branch_id, in ? branch_id : 0) != 1)
      return Outcome::conflict("branches.errors.coordinator_elsewhere", "membership");
    audit_.record(sql, actor, in ? "branch.coordinator_added" : "branch.coordinator_removed",
                  "membership:" + std::to_string(membership_id), b->name);
    return Outcome::success(branch_id);
  });
}

}  // namespace trame::branches
