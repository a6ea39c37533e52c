#include "privacy/retention/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/store/settings.hpp"
#include "privacy/retention/repository.hpp"

namespace trame::privacy::retention {

namespace {

constexpr long long kDay = 86400;
constexpr long long kMaxValue = 1200;  // 100 years in months; a larger setting is a typing error

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

long long Service::count_of(soci::session& sql, const Rule& rule, long long cutoff) {
  if (rule.key == "beneficiaries") return Repository::count_beneficiaries(sql, cutoff);
  if (rule.key == "applications") return Repository::count_applications(sql, cutoff);
  if (rule.key == "trainee_files") return Repository::count_trainee_files(sql, cutoff, false);
  if (rule.key == "trainee_files_esf") return Repository::count_trainee_files(sql, cutoff, true);
  if (rule.key == "candidate_reports") return Repository::count_candidate_reports(sql, cutoff);
  if (rule.key == "audit") return redaction_.count_before(sql, cutoff);
  return Repository::count_outbox(sql, cutoff);
}

long long Service::apply_one(soci::session& sql, const Rule& rule, long long cutoff, long long now) {
  if (rule.key == "beneficiaries") return Repository::anonymise_beneficiaries(sql, cutoff, now);
  if (rule.key == "applications") return Repository::strip_applications(sql, cutoff);
  if (rule.key == "trainee_files") return Repository::strip_trainee_files(sql, cutoff, false);
  if (rule.key == "trainee_files_esf") return Repository::strip_trainee_files(sql, cutoff, true);
  if (rule.key == "candidate_reports") return Repository::strip_candidate_reports(sql, cutoff);
  if (rule.key == "audit") return redaction_.redact_before(sql, cutoff, now);
  return Repository::delete_outbox(sql, cutoff);
}

std::vector<Rule> default_rules() {
  return {
      {"beneficiaries", "retention.beneficiaries_months", 24, 24, "months", "beneficiaries", "anonymise"},
      {"applications", "retention.applications_months", 24, 24, "months", "training_applications", "strip"},
      {"outbox", "retention.outbox_months", 3, 3, "months", "mail_outbox", "delete"},
      {"trainee_files", "retention.trainee_files_years", 6, 6, "years", "training_applications", "trainee_files"},
      {"trainee_files_esf", "retention.trainee_files_esf_years", 10, 10, "years", "training_applications",
       "trainee_files"},
      {"candidate_reports", "retention.candidate_reports_after_appeal_days", 60, 60, "days", "certification_reports",
       "strip_report"},
      // The audit log last (so it is in the page, the dry run and the audit detail).
      {"audit", "retention.audit_full_months", 12, 12, "months", "audit_log", "redact"},
  };
}

long long cutoff_of(const Rule& rule, long long now) {
  if (rule.unit == "days") return now - rule.value * kDay;
  const long long months = rule.unit == "years" ? rule.value * 12 : rule.value;
  Date d = local_date(now);
  long long index = d.year * 12LL + (d.month - 1) - months;
  d.year = static_cast<int>(index / 12);
  d.month = static_cast<int>(index % 12) + 1;
  d.day = std::min(d.day, days_in(d.year, d.month));
  return day_start(d);
}

std::vector<Rule> Service::rules() {
  auto rules = default_rules();
  db_.read([&](soci::session& sql) {
    for (auto& r : rules) {
      long long v = store::setting_int(sql, r.setting, r.fallback);
      r.value = v >= 1 && v <= kMaxValue ? v : r.fallback;
    }
  });
  return rules;
}

Outcome Service::set_rules(const Actor& actor, const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<std::pair<const Rule*, long long>> changes;
  const auto known = rules();
  for (const auto& [setting, text] : values) {
    const Rule* rule = nullptr;
    for (const auto& r : known)
      if (r.setting == setting) rule = &r;
    if (!rule) continue;
    std::string t = text;
    while (!t.empty() && t.back() == ' ') t.pop_back();
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    bool digits = !t.empty() && t.size() <= 4 && t.find_first_not_of("0123456789") == std::string::npos;
    long long v = digits ? std::stoll(t) : 0;
    if (v < 1 || v > kMaxValue) return Outcome::failure("retention.errors.value", setting);
    if (v != rule->value) changes.emplace_back(rule, v);
  }
  if (changes.empty()) return Outcome::success();
  return db_.attempt([&](soci::session& sql) {
    std::string detail;
    for (const auto& change : changes) {
      store::set_setting(sql, change.first->setting, std::to_string(change.second));
      detail += (detail.empty() ? "" : " ") + change.first->setting + "=" + std::to_string(change.second);
    }
    audit_.record(sql, actor, "privacy.retention_rules", "retention", detail);
    return Outcome::success();
  });
}

Run Service::preview(long long now, const std::function<void(const RuleCount&)>& progress) {
  Run run;
  run.now = now;
  for (const auto& rule : rules()) {
    RuleCount c{rule, cutoff_of(rule, now), 0};
    c.count = db_.read([&](soci::session& sql) { return count_of(sql, rule, c.cutoff); });
    run.rules.push_back(c);
    if (progress) progress(c);
  }
  return run;
}

Run Service::apply(const Actor& actor, long long now, const std::function<void(const RuleCount&)>& progress) {
  Run run;
  run.now = now;
  run.applied = true;
  std::string detail;
  for (const auto& rule : rules()) {
    RuleCount c{rule, cutoff_of(rule, now), 0};
    c.count = db_.write([&](soci::session& sql) { return apply_one(sql, rule, c.cutoff, now); });
    detail += (detail.empty() ? "" : " ") + rule.key + "=" + std::to_string(c.count);
    run.rules.push_back(c);
    if (progress) progress(c);
  }
  audit_.record(actor, "privacy.retention", "retention", detail);
  return run;
}

}  // namespace trame::privacy::retention
