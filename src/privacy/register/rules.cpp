#include "privacy/register/rules.hpp"

namespace trame::privacy::register_ {

const std::vector<RetentionSetting>& retention_settings() {
  static const std::vector<RetentionSetting> settings = {{"retention.beneficiaries_months", 24},
                                                         {"retention.applications_months", 24},
                                                         {"retention.trainee_files_years", 6},
                                                         {"retention.trainee_files_esf_years", 10},
                                                         {"retention.candidate_reports_after_appeal_days", 60},
                                                         {"retention.audit_full_months", 12},
                                                         {"retention.outbox_months", 3}};
  return settings;
}

std::string parameter_of(const std::string& setting_key) {
  const std::string prefix = "retention.";
  return setting_key.rfind(prefix, 0) == 0 ? setting_key.substr(prefix.size()) : setting_key;
}

long long effective_value(const RetentionSetting& setting, const std::string& stored) {
  if (stored.empty() || stored.size() > 4 || stored.find_first_not_of("0123456789") != std::string::npos)
    return setting.fallback;
  long long v = std::stoll(stored);
  return v >= 1 && v <= 1200 ? v : setting.fallback;
}

const std::vector<std::string>& measure_keys() {
  static const std::vector<std::string> keys = {"argon2id",     "mfa",     "rate_limits", "tls",
                                                "csrf",         "roles",   "audit_chain", "sealed_secrets",
                                                "pseudonymous", "consent", "backups",     "retention"};
  return keys;
}

const std::vector<ProcessingRule>& processing_rules() {
  static const std::vector<ProcessingRule> rules = {
      {"accounts",
       {"retention.audit_full_months"},
       {"argon2id", "mfa", "rate_limits", "tls", "csrf", "roles", "audit_chain", "sealed_secrets", "backups"}},
      {"directory", {}, {"tls", "csrf", "roles", "audit_chain", "backups"}},
      {"outings",
       {"retention.beneficiaries_months"},
       {"pseudonymous", "tls", "csrf", "roles", "audit_chain", "backups", "retention"}},
      {"trainings",
       {"retention.applications_months", "retention.trainee_files_years", "retention.trainee_files_esf_years"},
       {"tls", "csrf", "roles", "audit_chain", "backups", "retention"}},
      {"certification",
       {"retention.trainee_files_years", "retention.candidate_reports_after_appeal_days"},
       {"tls", "csrf", "roles", "audit_chain", "backups", "retention"}},
      {"questionnaires", {}, {"tls", "csrf", "roles", "rate_limits", "backups"}},
      {"network_life", {}, {"tls", "csrf", "roles", "audit_chain", "backups"}},
      {"cooperation", {}, {"tls", "csrf", "roles", "audit_chain", "backups"}},
      {"website", {}, {"consent", "tls", "csrf", "rate_limits", "roles", "backups"}},
      {"mail", {"retention.outbox_months"}, {"tls", "roles", "backups", "retention"}},
      {"audit", {"retention.audit_full_months"}, {"audit_chain", "roles", "sealed_secrets", "backups", "retention"}},
  };
  return rules;
}

std::vector<std::pair<std::string, std::string>> retention_parameters(const ProcessingRule& rule,
                                                                      const std::map<std::string, long long>& values) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& key : rule.settings) {
    long long v = 0;
    if (auto it = values.find(key); it != values.end()) {
      v = it->second;
    } else {
      for (const auto& s : retention_settings())
        if (s.key == key) v = s.fallback;
    }
    params.emplace_back(parameter_of(key), std::to_string(v));
  }
  return params;
}

}  // namespace trame::privacy::register_
