// Retention rules (docs/privacy.md « Retention »): how long personal data is kept, each rule a setting
// with a default and its legal note; what the next run would do (dry run) and what a run did.
#pragma once
#include <string>
#include <vector>

namespace trame::privacy::retention {

// A rule as configured: its setting key (shared with the processing register), its value in `unit`
// ("months" or "days"), what happens to the data past the limit.
struct Rule {
  std::string key;      // e.g. "beneficiaries"
  std::string setting;  // e.g. "retention.beneficiaries_months"
  long long fallback = 0;
  long long value = 0;
  std::string unit;    // "months" | "years" | "days"
  std::string table;   // the table whose rows the rule touches
  std::string action;  // "anonymise" | "strip" | "delete" | "trainee_files" | "strip_report" | "redact"
};

// One rule's effect at `cutoff`: rows whose reference date is before it.
struct RuleCount {
  Rule rule;
  long long cutoff = 0;
  long long count = 0;
};

struct Run {
  long long now = 0;
  bool applied = false;
  std::vector<RuleCount> rules;
  long long total() const {
    long long n = 0;
    for (const auto& r : rules) n += r.count;
    return n;
  }
};

}  // namespace trame::privacy::retention
