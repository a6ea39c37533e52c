#include "outings/bookings/rules.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"

namespace trame::bookings {

std::string mail_datetime(long long t, const std::string& locale) {
  return format_local(t, locale == "en" ? "%Y-%m-%d %H:%M" : "%d/%m/%Y %H:%M");
}

bool parse_count(const std::string& text, long long max, long long& out) {
  std::string v = trim(text);
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::stoll(v);
  return out <= max;
}

long long rule_in(soci::session& sql, const std::string& key) {
  for (const auto& r : rules()) {
    if (key != r.key) continue;
    long long n = 0;
    if (!parse_count(store::setting(sql, std::string("outings.") + r.key), r.max, n) || n < r.min) return r.fallback;
    return n;
  }
  return 0;
}

std::map<std::string, long long> rules_in(soci::session& sql) {
  return rules_in(sql, 0);
}

long long rule_in(soci::session& sql, const std::string& key, long long branch_id) {
  if (branch_id != 0) {
    for (const auto& r : rules()) {
      if (key != r.key) continue;
      auto value = Repository().branch_setting(sql, branch_id, std::string("outings.") + r.key);
      long long n = 0;
      if (value && parse_count(*value, r.max, n) && n >= r.min) return n;
    }
  }
  return rule_in(sql, key);
}

std::map<std::string, long long> rules_in(soci::session& sql, long long branch_id) {
  // As rule_in for each rule, from one read instead of two per rule (a booking reads them all).
  const auto [instance, branch] = Repository().outing_settings(sql, branch_id);
  std::map<std::string, long long> out;
  for (const auto& r : rules()) {
    const std::string key = std::string("outings.") + r.key;
    long long n = 0;
    auto within = [&](const std::map<std::string, std::string>& set) {
      auto it = set.find(key);
      return it != set.end() && parse_count(it->second, r.max, n) && n >= r.min;
    };
    out[r.key] = within(branch) || within(instance) ? n : r.fallback;
  }
  return out;
}

BranchCheck branch_check(soci::session& sql, Repository& repo, long long offer_id, long long organisation_id,
                         long long allocation_id) {
  BranchCheck c;
  // A relais in no branch is not limited by branches (docs/decisions.md "the two-branch demo").
  std::vector<std::pair<long long, std::string>> given;
  const auto relais = repo.branch_and_offer_branches(sql, organisation_id, offer_id, given);
  const long long branch = relais.first;
  c.relais_branch_id = branch;
  if (branch == 0) return c;
  c.relais_branch = relais.second;
  if (!given.empty() &&
      std::none_of(given.begin(), given.end(), [branch](const auto& g) { return g.first == branch; })) {
    c.open = false;
    for (const auto& g : given) c.offer_branches += (c.offer_branches.empty() ? "" : ", ") + g.second;
    return c;
  }
  if (allocation_id != 0) {
    std::string name;
    const auto owner = repo.allocation_branch(sql, allocation_id, name);
    if (owner.first != 0 && owner.first != branch) {
      c.open = false;
      c.allocation = name;
      c.allocation_branch = owner.second;
    }
  }
  return c;
}

std::string take_share_and_quota(soci::session& sql, Repository& repo, const PlaceClaim& c, long long& target_id) {
  target_id = 0;
  bool shared = false;
  if (c.share_percent > 0) {
    long long limit = std::max(1LL, c.capacity * c.share_percent / 100);
    if (!repo.take_share(sql, c.slot_id, c.organisation_id, c.places, limit)) return "bookings.errors.share";
    shared = true;
  }
  if (!c.allocation_id) return "";
  auto target = repo.allocation_target_for(sql, c.allocation_id, c.organisation_id);
  std::string refusal;
  if (!target) refusal = "bookings.errors.allocation_reserved";
  else if (*target && !repo.take_target(sql, *target, c.places)) refusal = "bookings.errors.allocation_quota";
  if (!refusal.empty()) {
    if (shared) repo.release_share(sql, c.slot_id, c.organisation_id, c.places);
    return refusal;
  }
  target_id = *target;
  return "";
}

}  // namespace trame::bookings
