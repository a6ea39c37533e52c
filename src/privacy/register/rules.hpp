// The pure rules of the register: the retention settings it reads (key, default — the same keys as the
// retention module's) and the processings, each with the modules it covers, the settings its retention text
// names and the platform's security measures that protect it. No database, no catalogue: the service turns
// these into texts.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace trame::privacy::register_ {

// A retention setting: its key in the settings table, its unit and its default (when unset or invalid).
struct RetentionSetting {
  std::string key;  // e.g. "retention.beneficiaries_months"
  long long fallback = 0;
};

// Every retention setting the register reads, in a stable order.
const std::vector<RetentionSetting>& retention_settings();

// The catalogue parameter a setting fills in a retention text: its key without « retention. »
// (« retention.outbox_months » → « outbox_months »).
std::string parameter_of(const std::string& setting_key);

// A setting's value as stored ("" when absent) made an effective duration: a whole number from 1 to 1200,
// else the setting's fallback.
long long effective_value(const RetentionSetting& setting, const std::string& stored);

// One processing of the register: its key (the catalogue's « privacy_register.processings.KEY.* »), the
// retention settings its retention text names and the security measures (« privacy_register.measures.* »).
struct ProcessingRule {
  std::string key;
  std::vector<std::string> settings;
  std::vector<std::string> measures;
};

// The processings, in the register's order.
const std::vector<ProcessingRule>& processing_rules();

// Every measure key, in order (what the DPIA's risk table draws from).
const std::vector<std::string>& measure_keys();

// The catalogue parameters of a processing's retention text, from the effective values by setting key.
std::vector<std::pair<std::string, std::string>> retention_parameters(const ProcessingRule& rule,
                                                                      const std::map<std::string, long long>& values);

}  // namespace trame::privacy::register_
