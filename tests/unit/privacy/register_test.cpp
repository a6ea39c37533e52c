// The pure rules of the processing register (src/privacy/register/rules.hpp): the retention settings and
// their defaults (the keys the retention module shares), a stored value made effective, and each
// processing's retention parameters.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "privacy/register/rules.hpp"

using namespace trame::privacy::register_;

TEST(PrivacyRegister, SettingsAndTheirDefaults) {
  std::map<std::string, long long> expected = {{"retention.beneficiaries_months", 24},
                                               {"retention.applications_months", 24},
                                               {"retention.trainee_files_years", 6},
                                               {"retention.trainee_files_esf_years", 10},
                                               {"retention.candidate_reports_after_appeal_days", 60},
                                               {"retention.audit_full_months", 12},
                                               {"retention.outbox_months", 3}};
  std::map<std::string, long long> found;
  for (const auto& s : retention_settings()) found[s.key] = s.fallback;
  EXPECT_EQ(found, expected);
  EXPECT_EQ(parameter_of("retention.outbox_months"), "outbox_months");
}

TEST(PrivacyRegister, EffectiveValue) {
  RetentionSetting s{"retention.beneficiaries_months", 24};
  EXPECT_EQ(effective_value(s, ""), 24);
  EXPECT_EQ(effective_value(s, "36"), 36);
  EXPECT_EQ(effective_value(s, "0"), 24);
  EXPECT_EQ(effective_value(s, "-3"), 24);
  EXPECT_EQ(effective_value(s, "12 mois"), 24);
  EXPECT_EQ(effective_value(s, "99999"), 24);
  EXPECT_EQ(effective_value(s, "1200"), 1200);
}

TEST(PrivacyRegister, ProcessingsNameKnownSettingsAndMeasures) {
  std::set<std::string> settings, measures(measure_keys().begin(), measure_keys().end()), keys;
  for (const auto& s : retention_settings()) settings.insert(s.key);
  std::set<std::string> used;
  for (const auto& rule : processing_rules()) {
    EXPECT_TRUE(keys.insert(rule.key).second) << rule.key;
    EXPECT_FALSE(rule.measures.empty()) << rule.key;
    for (const auto& s : rule.settings) {
      EXPECT_TRUE(settings.count(s)) << rule.key << " " << s;
      used.insert(s);
    }
    for (const auto& m : rule.measures) EXPECT_TRUE(measures.count(m)) << rule.key << " " << m;
  }
  EXPECT_EQ(used, settings);  // every retention setting shows in the register
  EXPECT_EQ(keys.size(), 11u);
}

TEST(PrivacyRegister, RetentionParameters) {
  const ProcessingRule* trainings = nullptr;
  for (const auto& rule : processing_rules())
    if (rule.key == "trainings") trainings = &rule;
  ASSERT_NE(trainings, nullptr);
  auto params = retention_parameters(*trainings, {{"retention.applications_months", 18}});
  std::map<std::string, std::string> got(params.begin(), params.end());
  EXPECT_EQ(got["applications_months"], "18");
  EXPECT_EQ(got["trainee_files_years"], "6");  // absent: its default
  EXPECT_EQ(got["trainee_files_esf_years"], "10");
}
