// Sensitive reads for the data protection officer (issue 23, docs/privacy.md « Sensitive reads »): the
// audit entries "privacy.read.<kind>" that platform/audit/reads.hpp appends, filtered.
#pragma once
#include <string>
#include <vector>

namespace trame::privacy::access_log {

// What the DPO filters on; every field empty means everything.
struct Filter {
  std::string reader;  // part of the reader's e-mail
  std::string kind;    // beneficiary, adaptation, application, report
  std::string record;  // "application:12", "12" or a code ("B-7KQ2"): the subject or a record shown in a list
  long long from = 0;  // at >= from (0: no bound)
  long long to = 0;    // at < to (0: no bound)
};

struct ReadEntry {
  long long id = 0;
  long long at = 0;
  long long actor_id = 0;
  std::string actor_label;
  std::string kind;
  std::string subject;
  std::string detail;
  std::string ip;
};

const std::vector<std::string>& read_kinds();

}  // namespace trame::privacy::access_log
