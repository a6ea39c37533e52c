// The processing register (GDPR art. 30): one entry per processing of personal data, generated from the
// modules (rules.cpp) and the retention settings (docs/privacy.md « Register »).
#pragma once
#include <string>
#include <vector>

namespace trame::privacy::register_ {

// One processing, its texts in the reader's language (the catalogue's « privacy_register.processings.KEY »).
struct Processing {
  std::string key;  // stable, e.g. "outings"
  std::string name;
  std::string purpose;
  std::string legal_basis;
  std::string data;        // categories of personal data
  std::string people;      // categories of people concerned
  std::string recipients;  // who receives or reads the data
  std::string transfers;   // transfers outside the European Union
  std::string retention;   // durations, from the settings
  std::string minimisation;
  std::vector<std::string> measures;  // security measures, each a sentence
};

// The register as generated at a moment (the platform clock).
struct Register {
  long long generated_at = 0;
  std::vector<Processing> processings;
};

}  // namespace trame::privacy::register_
